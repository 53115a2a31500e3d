using System.Text.Json;

namespace Vrsky.DiscordEmulator.Rest;

/// <summary>
/// Discord's size limits on a message body (content and embeds), checked on the JSON as sent, so that fields the bot's
/// models do not carry (an embed's author) count too. A breach is a 400 with code 50035 and the path of the field.
/// </summary>
internal static class MessageLimits
{
    public const int MaxContent = 2000;
    public const int MaxEmbeds = 10;
    public const int MaxTitle = 256;
    public const int MaxDescription = 4096;
    public const int MaxFields = 25;
    public const int MaxFieldName = 256;
    public const int MaxFieldValue = 1024;
    public const int MaxFooter = 2048;
    public const int MaxAuthorName = 256;

    /// <summary>Title, description, field names and values, footer text and author name of all embeds together.</summary>
    public const int MaxTotal = 6000;

    /// <param name="at">Where the message sits in the request (<c>data.</c> in an interaction callback), for the error's path.</param>
    public static IResult? Check(JsonElement message, string at = "")
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (Length(message, "content") > MaxContent)
        {
            return TooLong($"{at}content", MaxContent);
        }

        if (!message.TryGetProperty("embeds", out var embeds) || embeds.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        if (embeds.GetArrayLength() > MaxEmbeds)
        {
            return TooLong($"{at}embeds", MaxEmbeds);
        }

        var total = 0;
        var index = 0;
        foreach (var embed in embeds.EnumerateArray())
        {
            if (CheckEmbed(embed, $"{at}embeds.{index++}", ref total) is { } invalid)
            {
                return invalid;
            }
        }

        return total > MaxTotal
            ? DiscordErrors.InvalidFormBody($"{at}embeds", "MAX_EMBED_SIZE_EXCEEDED", $"Embed size exceeds maximum size of {MaxTotal}")
            : null;
    }

    private static IResult? CheckEmbed(JsonElement embed, string path, ref int total)
    {
        if (embed.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var (name, max) in new[] { ("title", MaxTitle), ("description", MaxDescription) })
        {
            var length = Length(embed, name);
            if (length > max)
            {
                return TooLong($"{path}.{name}", max);
            }

            total += length;
        }

        foreach (var (parent, name, max) in new[] { ("footer", "text", MaxFooter), ("author", "name", MaxAuthorName) })
        {
            var length = embed.TryGetProperty(parent, out var part) ? Length(part, name) : 0;
            if (length > max)
            {
                return TooLong($"{path}.{parent}.{name}", max);
            }

            total += length;
        }

        if (!embed.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        if (fields.GetArrayLength() > MaxFields)
        {
            return TooLong($"{path}.fields", MaxFields);
        }

        var index = 0;
        foreach (var field in fields.EnumerateArray())
        {
            foreach (var (name, max) in new[] { ("name", MaxFieldName), ("value", MaxFieldValue) })
            {
                var length = Length(field, name);
                if (length > max)
                {
                    return TooLong($"{path}.fields.{index}.{name}", max);
                }

                total += length;
            }

            index++;
        }

        return null;
    }

    private static int Length(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Length : 0;

    private static IResult TooLong(string path, int max) =>
        DiscordErrors.InvalidFormBody(path, "BASE_TYPE_MAX_LENGTH", $"Must be {max} or fewer in length.");
}
