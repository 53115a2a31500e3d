namespace Vrsky.Nats.KeyValue.Internal;

/// <summary>ADR-8 naming rules, checked before anything reaches the server.</summary>
internal static class NatsKVValidator
{
    public static void ThrowIfInvalidBucket(string bucket)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        foreach (var c in bucket)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                throw new ArgumentException($"Invalid bucket name '{bucket}': only letters, digits, '_' and '-' are allowed, not '{c}'", nameof(bucket));
            }
        }
    }

    /// <summary>A concrete key: <c>[-/_=.a-zA-Z0-9]+</c>, no dot at either end, not in the reserved <c>_kv</c> space.</summary>
    public static void ThrowIfInvalidKey(string key) => ThrowIfInvalid(key, allowWildcards: false);

    /// <summary>A watch filter: a key, or one where whole tokens are <c>*</c> or a final <c>&gt;</c>.</summary>
    public static void ThrowIfInvalidFilter(string key) => ThrowIfInvalid(key, allowWildcards: true);

    private static void ThrowIfInvalid(string key, bool allowWildcards)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException("A key cannot be empty", nameof(key));
        }

        if (key[0] == '.' || key[^1] == '.')
        {
            throw new ArgumentException($"Invalid key '{key}': it cannot start or end with '.'", nameof(key));
        }

        if (key.StartsWith("_kv", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Invalid key '{key}': keys starting with '_kv' are reserved", nameof(key));
        }

        var tokens = key.Split('.');
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.Length == 0)
            {
                throw new ArgumentException($"Invalid key '{key}': it contains an empty token ('..')", nameof(key));
            }

            if (allowWildcards && (token == "*" || (token == ">" && i == tokens.Length - 1)))
            {
                continue;
            }

            foreach (var c in token)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '_' or '='))
                {
                    throw new ArgumentException($"Invalid key '{key}': '{c}' is not allowed (use letters, digits and - / _ = .)", nameof(key));
                }
            }
        }
    }
}
