using Vrsky.Gateway.Auth;

namespace Vrsky.Gateway;

/// <summary>Bounds on user input, with the message a client sees when it is out of bounds.</summary>
internal static class InputRules
{
    public const int MaxTitleLength = 100;
    public const int MaxGroupMembers = 100;
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 50;

    /// <summary>A REST request body (413 past it): the largest valid one, a 4,000-character message fully escaped, is under 30 KiB.</summary>
    public const int MaxRequestBodyBytes = 256 * 1024;

    public static string? ValidateCredentials(Credentials body)
    {
        if (body.Username is not { Length: >= 3 and <= 32 } name || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            return "username must be 3-32 characters of letters, digits, '_', '-' or '.'.";
        }

        return body.Password is { Length: >= 8 and <= 128 } ? null : "password must be 8-128 characters.";
    }
}
