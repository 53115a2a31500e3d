namespace Vrsky.Hosting.ApplicationModel;

/// <summary>
/// An externally supplied value such as a password. Its value comes from configuration
/// (<c>Parameters:{name}</c>, i.e. environment <c>Parameters__{name}</c>), else from a generated value.
/// </summary>
public sealed class ParameterResource : Resource, IValueProvider, IManifestExpressionProvider
{
    private readonly Func<string?> _resolve;
    private string? _value;

    internal ParameterResource(string name, bool secret, GeneratedParameterDefault? generate, Func<string?> resolve) : base(name)
    {
        Secret = secret;
        Generate = generate;
        _resolve = resolve;
    }

    public bool Secret { get; }

    /// <summary>How a value is generated when none is configured; null for values that must be supplied.</summary>
    public GeneratedParameterDefault? Generate { get; }

    public string Value => _value ??= _resolve()
        ?? throw new DistributedApplicationException($"Parameter '{Name}' has no value: set configuration 'Parameters:{Name}' (environment Parameters__{Name}).");

    public string ValueExpression => $"{{{Name}.value}}";

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(Value);
}

/// <summary>The rules a generated value follows (Aspire's <c>generate</c> block).</summary>
public sealed record GeneratedParameterDefault(int MinLength = 22, bool Special = false)
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public string NewValue() => System.Security.Cryptography.RandomNumberGenerator.GetString(Alphabet, MinLength);
}
