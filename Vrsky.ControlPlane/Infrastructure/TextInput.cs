using System.Text.Json;

namespace Vrsky.ControlPlane.Infrastructure;

/// <summary>
/// Checks text before it reaches PostgreSQL, which refuses a NUL in text (22021) and <c>\u0000</c> in jsonb (22P05):
/// a request carrying one is the caller's mistake (400 naming the field), not a server error.
/// </summary>
internal static class TextInput
{
    /// <summary>Null when <paramref name="value"/> has no control character (names and plans are one line of text), otherwise why not.</summary>
    public static string? ControlCharacters(string field, string? value) =>
        value is not null && value.Any(char.IsControl) ? $"'{field}' must not contain control characters." : null;

    /// <summary>Null when no string or property name in <paramref name="value"/> holds a NUL, which jsonb cannot store.</summary>
    public static string? JsonNul(string field, JsonElement? value) =>
        value is { } v && HasNul(v) ? $"'{field}' must not contain the NUL character (\\u0000)." : null;

    private static bool HasNul(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.Contains('\0'),
        JsonValueKind.Array => element.EnumerateArray().Any(HasNul),
        JsonValueKind.Object => element.EnumerateObject().Any(p => p.Name.Contains('\0') || HasNul(p.Value)),
        _ => false,
    };
}
