using Vrsky.Discord.Models;

namespace Vrsky.DiscordEmulator.Rest;

/// <summary>Discord's JSON error bodies with their documented codes.</summary>
internal static class DiscordErrors
{
    public static IResult Unauthorized() => Error(401, 0, "401: Unauthorized");

    public static IResult UnknownInteraction() => Error(404, 10062, "Unknown interaction");

    public static IResult AlreadyAcknowledged() => Error(400, 40060, "Interaction has already been acknowledged.");

    public static IResult UnknownMessage() => Error(404, 10008, "Unknown Message");

    public static IResult UnknownChannel() => Error(404, 10003, "Unknown Channel");

    public static IResult UnknownGuild() => Error(404, 10004, "Unknown Guild");

    public static IResult UnknownRole() => Error(404, 10011, "Unknown Role");

    public static IResult EmptyMessage() => Error(400, 50006, "Cannot send an empty message");

    public static IResult InvalidBody(string why) => Error(400, 50035, $"Invalid Form Body: {why}");

    /// <summary>
    /// Discord's 50035 with the offending field under <c>errors</c>, nested by the dotted <paramref name="path"/>
    /// (<c>embeds.0.title</c> → <c>{"embeds":{"0":{"title":{"_errors":[…]}}}}</c>).
    /// </summary>
    public static IResult InvalidFormBody(string path, string code, string message)
    {
        object errors = new Dictionary<string, object> { ["_errors"] = new[] { new { code, message } } };
        foreach (var part in path.Split('.').Reverse())
        {
            errors = new Dictionary<string, object> { [part] = errors };
        }

        return Results.Json(new { message = "Invalid Form Body", code = 50035, errors }, DiscordJson.Options, statusCode: 400);
    }

    public static IResult InvalidJson() => Error(400, 50109, "The request body contains invalid JSON.");

    public static IResult RateLimited(TimeSpan retryAfter, bool global) =>
        Results.Json(new { message = "You are being rate limited.", retry_after = Math.Round(retryAfter.TotalSeconds, 3), global }, DiscordJson.Options, statusCode: 429);

    private static IResult Error(int status, int code, string message) => Results.Json(new { message, code }, DiscordJson.Options, statusCode: status);
}
