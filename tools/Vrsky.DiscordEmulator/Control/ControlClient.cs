using System.Net.Http.Json;
using Vrsky.Discord.Models;
using static Vrsky.DiscordEmulator.Control.ControlApi;

namespace Vrsky.DiscordEmulator.Control;

/// <summary>
/// Acts as Discord users against an emulator running as its own process (the AppHost's <c>discord</c> resource) through
/// <c>/_emulator/*</c>, the HTTP twin of the in-process user actions.
/// </summary>
public sealed class ControlClient(HttpClient http)
{
    public async Task<string> InvokeCommandAsync(string guildId, string userId, string name, IReadOnlyList<CommandOptionValue>? options = null, CancellationToken cancellationToken = default) =>
        await PostAsync("_emulator/commands", new CommandRequest(guildId, userId, name, options), cancellationToken).ConfigureAwait(false);

    public async Task<string> ClickButtonAsync(string guildId, string userId, string messageId, string customId, CancellationToken cancellationToken = default) =>
        await PostAsync("_emulator/buttons", new ButtonRequest(guildId, userId, messageId, customId), cancellationToken).ConfigureAwait(false);

    /// <summary>Submits the modal the bot showed in answer to interaction <paramref name="openerId"/>.</summary>
    public async Task<string> SubmitModalAsync(string openerId, Dictionary<string, string> values, CancellationToken cancellationToken = default) =>
        await PostAsync("_emulator/modals", new ModalRequest(openerId, values), cancellationToken).ConfigureAwait(false);

    /// <summary>Makes the gateway send op 9 INVALID_SESSION with d = <paramref name="resumable"/> to every connected session.</summary>
    public async Task InvalidateSessionsAsync(bool resumable, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync("_emulator/gateway/invalid-session", new InvalidSessionRequest(resumable), DiscordJson.Options, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public async Task<EmulatorSnapshot> StateAsync(CancellationToken cancellationToken = default) =>
        await http.GetFromJsonAsync<EmulatorSnapshot>("_emulator/state", DiscordJson.Options, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The emulator answered /_emulator/state with null.");

    private async Task<string> PostAsync<T>(string path, T request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, request, DiscordJson.Options, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }

        var summary = await response.Content.ReadFromJsonAsync<InteractionSummary>(DiscordJson.Options, cancellationToken).ConfigureAwait(false);
        return summary?.InteractionId ?? throw new InvalidOperationException($"POST {path} answered without an interaction id.");
    }
}
