using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vrsky.Discord.Models;

/// <summary>Discord's wire conventions: snake_case names, absent rather than null fields, snowflakes as strings.</summary>
public static class DiscordJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        MaxDepth = 32,
    };
}
