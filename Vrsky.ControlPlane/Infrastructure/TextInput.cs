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

    /// <summary>
    /// Null when every string and property name in <paramref name="value"/> is text jsonb can store: no NUL, and no lone
    /// UTF-16 surrogate (valid JSON escapes such as <c>"\udc00"</c>, but not text: reading it throws).
    /// </summary>
    public static string? JsonText(string field, JsonElement? value) =>
        value is { } v && !IsStorable(v) ? $"'{field}' must not contain the NUL character (\\u0000) or a lone UTF-16 surrogate." : null;

    private static bool IsStorable(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => IsStorable(element.GetString),
        JsonValueKind.Array => element.EnumerateArray().All(IsStorable),
        JsonValueKind.Object => element.EnumerateObject().All(p => IsStorable(() => p.Name) && IsStorable(p.Value)),
        _ => true,
    };

    private static bool IsStorable(Func<string?> read)
    {
        try
        {
            return !read()!.Contains('\0');
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to decode a lone surrogate into a string.
            return false;
        }
    }
}
