using System.Text.Json;
using Vrsky.Discord.Models;

namespace Vrsky.DiscordEmulator.Control;

/// <summary>
/// <c>/_emulator/*</c>: act as a Discord user against a running emulator (slash commands, buttons, modals, reactions)
/// and read its state, for local runs through the AppHost where no Discord client exists.
/// </summary>
public static class ControlApi
{
    public sealed record CommandRequest(string GuildId, string UserId, string Name, IReadOnlyList<CommandOptionValue>? Options = null);

    public sealed record ButtonRequest(string GuildId, string UserId, string MessageId, string CustomId);

    public sealed record ModalRequest(string InteractionId, Dictionary<string, string> Values);

    public sealed record ReactionRequest(string GuildId, string UserId, string MessageId, string Emoji);

    public sealed record InvalidSessionRequest(bool Resumable);

    public static void MapControlApi(this WebApplication app, DiscordEmulator emulator)
    {
        var control = app.MapGroup("/_emulator");
        app.MapGet("/health", () => Results.Ok("Healthy"));
        control.MapGet("/state", () => Results.Json(emulator.State.Snapshot(), DiscordJson.Options));
        control.MapPost("/commands", (HttpRequest request) => Handle<CommandRequest>(request, async r =>
            Summary(await emulator.InvokeCommandAsync(r.GuildId, r.UserId, r.Name, r.Options).ConfigureAwait(false))));
        control.MapPost("/buttons", (HttpRequest request) => Handle<ButtonRequest>(request, async r =>
            Summary(await emulator.ClickButtonAsync(r.GuildId, r.UserId, r.MessageId, r.CustomId).ConfigureAwait(false))));
        control.MapPost("/modals", (HttpRequest request) => Handle<ModalRequest>(request, async r =>
            Summary(await emulator.SubmitModalAsync(emulator.State.Interaction(r.InteractionId) ?? throw new ArgumentException("unknown interaction"), r.Values).ConfigureAwait(false))));
        control.MapPost("/reactions", (HttpRequest request) => Handle<ReactionRequest>(request, async r =>
        {
            await emulator.AddReactionAsync(r.GuildId, r.UserId, r.MessageId, r.Emoji).ConfigureAwait(false);
            return Results.Accepted();
        }));
        // op 9 to every connected session (d = resumable); not resumable also forgets the sessions.
        control.MapPost("/gateway/invalid-session", (HttpRequest request) => Handle<InvalidSessionRequest>(request, async r =>
        {
            await emulator.Gateway.InvalidateSessionsAsync(r.Resumable).ConfigureAwait(false);
            return Results.Accepted();
        }));
    }

    private static IResult Summary(State.InteractionRecord record) => Results.Json(new InteractionSummary(record.Interaction.Id), DiscordJson.Options);

    private static async Task<IResult> Handle<T>(HttpRequest request, Func<T, Task<IResult>> handle)
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, DiscordJson.Options, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return body is null ? Results.BadRequest(new { error = "empty body" }) : await handle(body).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return Results.BadRequest(new { error = e.Message });
        }
    }
}
