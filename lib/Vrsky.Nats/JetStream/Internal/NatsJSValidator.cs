using System.Runtime.CompilerServices;

namespace Vrsky.Nats.JetStream.Internal;

/// <summary>Checks names that end up as a token of an API subject.</summary>
internal static class NatsJSValidator
{
    /// <summary>
    /// Stream and consumer names become one subject token, so they cannot be empty or contain
    /// whitespace, '.', '*', '&gt;' or path separators (the server also uses them as directory names).
    /// </summary>
    public static void ThrowIfInvalidName(string name, [CallerArgumentExpression(nameof(name))] string? paramName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, paramName);
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || c is '.' or '*' or '>' or '/' or '\\' || char.IsControl(c))
            {
                throw new ArgumentException($"'{name}' is not a valid JetStream name: '{c}' is not allowed (no whitespace, '.', '*', '>', '/' or '\\')", paramName);
            }
        }
    }
}
