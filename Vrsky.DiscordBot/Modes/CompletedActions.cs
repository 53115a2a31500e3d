using System.Security.Cryptography;
using System.Text;
using Vrsky.DiscordBot.Bridge;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.KeyValue;

namespace Vrsky.DiscordBot.Modes;

/// <summary>
/// The actions of worker responses the gateway has already performed, with the id each created, and the latest edit
/// version applied to each message, in a JetStream key-value bucket. A response comes again when the gateway did its calls but died (or timed out) before the ack;
/// without this a round's scheduled event, a follow-up or a role change would happen twice. Kept as long as the
/// response stream keeps messages, so no redelivery outlives its record; surviving a gateway restart is why it is not
/// kept in memory.
/// </summary>
public sealed class CompletedActions(INatsConnection nats, BotSubjects subjects)
{
    /// <summary>The response stream's retention (EventBus): a response older than that cannot be delivered again.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private readonly INatsKVContext _kv = nats.CreateJetStreamContext().CreateKeyValueContext();
    private INatsKVStore? _store;

    /// <summary>The created id (empty when the action creates nothing) if the action was done before; null when it was not.</summary>
    public async Task<string?> FindAsync(string responseId, int index, CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
        var entry = await store.TryGetEntryAsync<string>(Key(responseId, index), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entry.Success ? entry.Value.Value ?? "" : null;
    }

    public async Task RecordAsync(string responseId, int index, string? createdId, CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
        await store.PutAsync(Key(responseId, index), createdId ?? "", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether an edit of <paramref name="messageId"/> with a version at least <paramref name="version"/> was applied already.</summary>
    public async Task<bool> IsStaleEditAsync(string messageId, long version, CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
        var entry = await store.TryGetEntryAsync<string>(EditKey(messageId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entry.Success && long.TryParse(entry.Value.Value, out var applied) && applied >= version;
    }

    public async Task RecordEditAsync(string messageId, long version, CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
        await store.PutAsync(EditKey(messageId), version.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Message ids are Discord snowflakes (digits), valid in a key as they are.</summary>
    private static string EditKey(string messageId) => "edit." + (BotOptions.Snowflake().IsMatch(messageId) ? messageId : Key(messageId, 0));

    /// <summary>Response ids hold characters keys may not (':' and spaces); a hash keeps keys valid and bounded.</summary>
    private static string Key(string responseId, int index) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{responseId}:{index}")));

    private async ValueTask<INatsKVStore> StoreAsync(CancellationToken cancellationToken) =>
        _store ??= await _kv.CreateOrUpdateStoreAsync(new NatsKVConfig(subjects.CompletedActionsBucket) { MaxAge = Retention }, cancellationToken).ConfigureAwait(false);
}
