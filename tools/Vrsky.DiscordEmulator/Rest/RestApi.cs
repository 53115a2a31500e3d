using System.Text.Json;
using Microsoft.AspNetCore.Routing.Patterns;
using Vrsky.Discord.Models;

namespace Vrsky.DiscordEmulator.Rest;

/// <summary>The REST routes the bot uses, under <c>/api/v10</c>, with Discord's validation and error codes.</summary>
public static class RestApi
{
    public const string Prefix = "/api/v10";

    public static void MapRestApi(this WebApplication app, DiscordEmulator emulator)
    {
        app.Use((context, next) => GuardAsync(context, next, emulator));
        var api = app.MapGroup(Prefix);
        api.MapGet("/gateway/bot", () => Json(new GatewayBot(emulator.GatewayUrl.AbsoluteUri, 1)));
        api.MapPost("/interactions/{interaction_id}/{token}/callback", (string interaction_id, string token, HttpRequest request) =>
            Body<InteractionResponse>(request, r => Interactions.Callback(emulator, interaction_id, token, r),
                r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("data", out var data) ? MessageLimits.Check(data, "data.") : null));
        api.MapPatch("/webhooks/{application_id}/{token}/messages/@original", (string token, HttpRequest request) =>
            Body<MessageParams>(request, m => Interactions.EditOriginal(emulator, token, m), m => MessageLimits.Check(m)));
        api.MapPost("/webhooks/{application_id}/{token}", (string token, HttpRequest request) =>
            Body<MessageParams>(request, m => Interactions.Followup(emulator, token, m), m => MessageLimits.Check(m)));
        api.MapPut("/applications/{application_id}/guilds/{guild_id}/commands", (string guild_id, HttpRequest request) =>
            Body<List<ApplicationCommand>>(request, c => Guilds.OverwriteCommands(emulator, guild_id, c)));
        api.MapPut("/applications/{application_id}/commands", (HttpRequest request) =>
            Body<List<ApplicationCommand>>(request, c => Guilds.OverwriteGlobalCommands(emulator, c)));
        api.MapPost("/channels/{channel_id}/messages", (string channel_id, HttpRequest request) =>
            Body<MessageParams>(request, m => Messages.Create(emulator, channel_id, m), m => MessageLimits.Check(m)));
        api.MapGet("/channels/{channel_id}/messages", (string channel_id, int? limit) => Messages.List(emulator, channel_id, limit ?? 50));
        api.MapPatch("/channels/{channel_id}/messages/{message_id}", (string channel_id, string message_id, HttpRequest request) =>
            Body<MessageParams>(request, m => Messages.Edit(emulator, channel_id, message_id, m), m => MessageLimits.Check(m)));
        api.MapPut("/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", (string channel_id, string message_id) =>
            emulator.State.Message(message_id)?.Message.ChannelId == channel_id ? Results.NoContent() : DiscordErrors.UnknownMessage());
        api.MapGet("/guilds/{guild_id}/channels", (string guild_id) => Guilds.GetChannels(emulator, guild_id));
        api.MapPost("/guilds/{guild_id}/channels", (string guild_id, HttpRequest request) =>
            Body<ChannelCreate>(request, c => Guilds.CreateChannel(emulator, guild_id, c)));
        api.MapGet("/guilds/{guild_id}/roles", (string guild_id) => Guilds.GetRoles(emulator, guild_id));
        api.MapPost("/guilds/{guild_id}/roles", (string guild_id, HttpRequest request) =>
            Body<RoleCreate>(request, r => Guilds.CreateRole(emulator, guild_id, r)));
        api.MapPut("/guilds/{guild_id}/members/{user_id}/roles/{role_id}", (string guild_id, string user_id, string role_id) =>
            Guilds.MemberRole(emulator, guild_id, user_id, role_id, add: true));
        api.MapDelete("/guilds/{guild_id}/members/{user_id}/roles/{role_id}", (string guild_id, string user_id, string role_id) =>
            Guilds.MemberRole(emulator, guild_id, user_id, role_id, add: false));
        api.MapPost("/guilds/{guild_id}/scheduled-events", (string guild_id, HttpRequest request) =>
            Body<GuildScheduledEventCreate>(request, e => Guilds.CreateScheduledEvent(emulator, guild_id, e)));
        api.MapPatch("/guilds/{guild_id}/scheduled-events/{event_id}", (string guild_id, string event_id, HttpRequest request) =>
            Body<GuildScheduledEventModify>(request, e => Guilds.ModifyScheduledEvent(emulator, guild_id, event_id, e)));
    }

    internal static IResult Json(object value) => Results.Json(value, DiscordJson.Options);

    /// <summary>Bot token (except on interaction and webhook routes, which the interaction token authorises), forced server errors and rate limits.</summary>
    private static async Task GuardAsync(HttpContext context, Func<Task> next, DiscordEmulator emulator)
    {
        if (context.GetEndpoint() is not RouteEndpoint { RoutePattern: RoutePattern pattern } || !(pattern.RawText ?? "").StartsWith(Prefix, StringComparison.Ordinal))
        {
            await next().ConfigureAwait(false);
            return;
        }

        var template = $"{context.Request.Method} {pattern.RawText![Prefix.Length..]}";
        var tokenAuthorised = template.Contains("/interactions/", StringComparison.Ordinal) || template.Contains("/webhooks/", StringComparison.Ordinal);
        if (!tokenAuthorised && context.Request.Headers.Authorization.ToString() != $"Bot {emulator.Options.Token}")
        {
            await DiscordErrors.Unauthorized().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (emulator.Faults.Check(template) is { } status)
        {
            // What Cloudflare or an overloaded Discord answers: a status and no JSON error body.
            context.Response.StatusCode = status;
            return;
        }

        var values = context.Request.RouteValues;
        var major = (values["channel_id"] ?? values["guild_id"] ?? values["token"] ?? values["interaction_id"] ?? "").ToString() ?? "";
        if (emulator.RateLimits.Check(template, major, context.Response.Headers) is { } limited)
        {
            context.Response.Headers["Retry-After"] = Math.Ceiling(limited.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["X-RateLimit-Scope"] = limited.Global ? "global" : "user";
            if (limited.Global)
            {
                context.Response.Headers["X-RateLimit-Global"] = "true";
            }

            await DiscordErrors.RateLimited(limited.RetryAfter, limited.Global).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }

    /// <param name="check">Limits checked on the JSON as sent, before it is read into <typeparamref name="T"/>.</param>
    private static async Task<IResult> Body<T>(HttpRequest request, Func<T, Task<IResult>> handle, Func<JsonElement, IResult?>? check = null) where T : class
    {
        T? body;
        try
        {
            using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (check?.Invoke(json.RootElement) is { } invalid)
            {
                return invalid;
            }

            body = json.RootElement.Deserialize<T>(DiscordJson.Options);
        }
        catch (JsonException)
        {
            return DiscordErrors.InvalidJson();
        }

        return body is null ? DiscordErrors.InvalidJson() : await handle(body).ConfigureAwait(false);
    }

    private static Task<IResult> Body<T>(HttpRequest request, Func<T, IResult> handle, Func<JsonElement, IResult?>? check = null) where T : class =>
        Body<T>(request, b => Task.FromResult(handle(b)), check);
}
