namespace Vrsky.Discord.Rest;

/// <summary>
/// One API call's route: the template names the rate-limit route ("POST /channels/{channel_id}/messages"), the major
/// parameter (channel, guild or webhook/interaction) splits buckets as Discord does, and the path is what is sent.
/// </summary>
internal readonly record struct DiscordRoute(HttpMethod Method, string Template, string Major, string Path)
{
    public string Key => $"{Method.Method} {Template}";

    public static DiscordRoute Create(HttpMethod method, string template, string major, string path) => new(method, template, major, path);

    /// <summary>Escapes one path segment (ids are digits, tokens and emoji are not).</summary>
    public static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return value.Length > 512 ? throw new ArgumentException("A route parameter is longer than 512 characters.") : Uri.EscapeDataString(value);
    }
}
