using System.Globalization;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting;

/// <summary>Turns the values the model allows in env vars and args into strings (run) or manifest expressions (publish).</summary>
public static class ValueResolver
{
    public static void ThrowIfUnsupported(object? value, string where)
    {
        if (value is not (string or int or IValueProvider or IResourceBuilder<IResource>))
        {
            throw new DistributedApplicationException($"Unsupported value for {where}: {value?.GetType().Name ?? "null"}.");
        }
    }

    public static async ValueTask<string> ResolveAsync(object value, CancellationToken cancellationToken = default) => value switch
    {
        string s => s,
        int i => i.ToString(CultureInfo.InvariantCulture),
        IResourceBuilder<IResource> b => await ResolveAsync(b.Resource, cancellationToken).ConfigureAwait(false),
        IValueProvider p => await p.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? "",
        _ => throw new DistributedApplicationException($"Cannot resolve a value of type {value.GetType().Name}."),
    };

    public static string ToManifestExpression(object value) => value switch
    {
        string s => s,
        int i => i.ToString(CultureInfo.InvariantCulture),
        IResourceBuilder<IResource> b => ToManifestExpression(b.Resource),
        IManifestExpressionProvider p => p.ValueExpression,
        _ => throw new DistributedApplicationException($"Cannot write a value of type {value.GetType().Name} to the manifest."),
    };

    /// <summary>True when a value carries a secret (a secret parameter, or an expression containing one).</summary>
    public static bool IsSecret(object value) => value switch
    {
        ParameterResource p => p.Secret,
        IResourceBuilder<IResource> b => IsSecret(b.Resource),
        IResourceWithConnectionString c => c.ConnectionStringExpression.ValueProviders.Any(IsSecret),
        ReferenceExpression e => e.ValueProviders.Any(IsSecret),
        _ => false,
    };
}
