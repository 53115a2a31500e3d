using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Vrsky.Discord.Models;

namespace Vrsky.DiscordEmulator.Control;

/// <summary>
/// <c>/_emulator/*</c>: act as a Discord user against a running emulator (slash commands, buttons, modals, reactions,
/// an admin starting a scheduled event or taking a role away) and read its state, for local runs through the AppHost
/// where no Discord client exists. Bodies are bounded and checked: a missing or oversized field is a 400, never a 500.
/// </summary>
public static class ControlApi
{
    /// <summary>Far above any request here (a modal's five inputs of Discord's 4,000 characters each fit).</summary>
    private const long MaxBodyBytes = 64 * 1024;

    public static void MapControlApi(this WebApplication app, DiscordEmulator emulator)
    {
        var control = app.MapGroup("/_emulator");
        app.MapGet("/health", () => Results.Ok("Healthy"));
        control.MapGet("/state", () => Results.Json(emulator.State.Snapshot(), DiscordJson.Options));
        control.MapPost("/commands", (HttpRequest request) => Handle<CommandRequest>(request, async r =>
            Summary(await emulator.InvokeCommandAsync(r.GuildId!, r.UserId!, r.Name!, r.Options).ConfigureAwait(false))));
        control.MapPost("/buttons", (HttpRequest request) => Handle<ButtonRequest>(request, async r =>
            Summary(await emulator.ClickButtonAsync(r.GuildId!, r.UserId!, r.MessageId!, r.CustomId!).ConfigureAwait(false))));
        control.MapPost("/modals", (HttpRequest request) => Handle<ModalRequest>(request, async r =>
            Summary(await emulator.SubmitModalAsync(emulator.State.Interaction(r.InteractionId!) ?? throw new ArgumentException($"No interaction {r.InteractionId}."), r.Values!).ConfigureAwait(false))));
        control.MapPost("/reactions", (HttpRequest request) => Handle<ReactionRequest>(request, async r =>
        {
            await emulator.AddReactionAsync(r.GuildId!, r.UserId!, r.MessageId!, r.Emoji!).ConfigureAwait(false);
            return Results.Accepted();
        }));
        control.MapPost("/reactions/remove", (HttpRequest request) => Handle<ReactionRequest>(request, async r =>
        {
            await emulator.RemoveReactionAsync(r.GuildId!, r.UserId!, r.MessageId!, r.Emoji!).ConfigureAwait(false);
            return Results.Accepted();
        }));
        control.MapPost("/scheduled-events/status", (HttpRequest request) => Handle<ScheduledEventStatusRequest>(request, async r =>
        {
            await emulator.SetScheduledEventStatusAsync(r.GuildId!, r.EventId!, r.Status!.Value).ConfigureAwait(false);
            return Results.Accepted();
        }));
        control.MapPost("/roles/revoke", (HttpRequest request) => Handle<RoleRequest>(request, r =>
        {
            emulator.RevokeRole(r.GuildId!, r.UserId!, r.RoleName!);
            return Task.FromResult(Results.Accepted());
        }));
        // op 9 to every connected session (d = resumable); not resumable also forgets the sessions.
        control.MapPost("/gateway/invalid-session", (HttpRequest request) => Handle<InvalidSessionRequest>(request, async r =>
        {
            await emulator.Gateway.InvalidateSessionsAsync(r.Resumable!.Value).ConfigureAwait(false);
            return Results.Accepted();
        }));
    }

    private static IResult Summary(State.InteractionRecord record) => Results.Json(new InteractionSummary(record.Interaction.Id), DiscordJson.Options);

    private static async Task<IResult> Handle<T>(HttpRequest request, Func<T, Task<IResult>> handle) where T : class, IControlRequest
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, DiscordJson.Options, request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                return Results.BadRequest(new { error = "empty body" });
            }

            return body.Problem() is { } problem ? Results.BadRequest(new { error = problem }) : await handle(body).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            return Results.Json(new { error = e.Message }, statusCode: e.StatusCode);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return Results.BadRequest(new { error = e.Message });
        }
    }
}
