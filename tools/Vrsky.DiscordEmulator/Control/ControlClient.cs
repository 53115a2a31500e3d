using System.Net.Http.Json;
using Vrsky.Discord.Models;

namespace Vrsky.DiscordEmulator.Control;

/// <summary>
/// Acts as Discord users against an emulator running as its own process (the AppHost's <c>discord</c> resource) through
/// <c>/_emulator/*</c>, the HTTP twin of the in-process user actions.
/// </summary>
public sealed class ControlClient(HttpClient http)
{
    public async Task<string> InvokeCommandAsync(string guildId, string userId, string name, IReadOnlyList<CommandOptionValue>? options = null, CancellationToken cancellationToken = default) =>
        await InteractAsync("_emulator/commands", new CommandRequest(guildId, userId, name, options), cancellationToken).ConfigureAwait(false);

    public async Task<string> ClickButtonAsync(string guildId, string userId, string messageId, string customId, CancellationToken cancellationToken = default) =>
        await InteractAsync("_emulator/buttons", new ButtonRequest(guildId, userId, messageId, customId), cancellationToken).ConfigureAwait(false);

    /// <summary>Submits the modal the bot showed in answer to interaction <paramref name="openerId"/>.</summary>
    public async Task<string> SubmitModalAsync(string openerId, Dictionary<string, string> values, CancellationToken cancellationToken = default) =>
        await InteractAsync("_emulator/modals", new ModalRequest(openerId, values), cancellationToken).ConfigureAwait(false);

    public Task AddReactionAsync(string guildId, string userId, string messageId, string emoji, CancellationToken cancellationToken = default) =>
        PostAsync("_emulator/reactions", new ReactionRequest(guildId, userId, messageId, emoji), cancellationToken);

    public Task RemoveReactionAsync(string guildId, string userId, string messageId, string emoji, CancellationToken cancellationToken = default) =>
        PostAsync("_emulator/reactions/remove", new ReactionRequest(guildId, userId, messageId, emoji), cancellationToken);

    /// <summary>An admin starting (Active) or ending a scheduled event: GUILD_SCHEDULED_EVENT_UPDATE to the bot.</summary>
    public Task SetScheduledEventStatusAsync(string guildId, string eventId, ScheduledEventStatus status, CancellationToken cancellationToken = default) =>
        PostAsync("_emulator/scheduled-events/status", new ScheduledEventStatusRequest(guildId, eventId, status), cancellationToken);

    /// <summary>An admin taking a role away from a member by hand.</summary>
    public Task RevokeRoleAsync(string guildId, string userId, string roleName, CancellationToken cancellationToken = default) =>
        PostAsync("_emulator/roles/revoke", new RoleRequest(guildId, userId, roleName), cancellationToken);

    /// <summary>Makes the gateway send op 9 INVALID_SESSION with d = <paramref name="resumable"/> to every connected session.</summary>
    public Task InvalidateSessionsAsync(bool resumable, CancellationToken cancellationToken = default) =>
        PostAsync("_emulator/gateway/invalid-session", new InvalidSessionRequest(resumable), cancellationToken);

    public async Task<EmulatorSnapshot> StateAsync(CancellationToken cancellationToken = default) =>
        await http.GetFromJsonAsync<EmulatorSnapshot>("_emulator/state", DiscordJson.Options, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The emulator answered /_emulator/state with null.");

    private async Task<string> InteractAsync<T>(string path, T request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(path, request, cancellationToken).ConfigureAwait(false);
        var summary = await response.Content.ReadFromJsonAsync<InteractionSummary>(DiscordJson.Options, cancellationToken).ConfigureAwait(false);
        return summary?.InteractionId ?? throw new InvalidOperationException($"POST {path} answered without an interaction id.");
    }

    private async Task PostAsync<T>(string path, T request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(path, request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync<T>(string path, T request, CancellationToken cancellationToken)
    {
        var response = await http.PostAsJsonAsync(path, request, DiscordJson.Options, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
            }
        }

        return response;
    }
}
