using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;
using Vrsky.Nats.KeyValue.Internal;

namespace Vrsky.Nats.KeyValue;

/// <inheritdoc />
public sealed class NatsKVContext(INatsJSContext js) : INatsKVContext
{
    private const int MaxHistory = 64;

    /// <summary>Duplicate detection window of a bucket without TTL; a shorter TTL caps it (the server requires window ≤ max_age).</summary>
    private static readonly TimeSpan DefaultDuplicateWindow = TimeSpan.FromMinutes(2);

    public INatsJSContext JetStream { get; } = js ?? throw new ArgumentNullException(nameof(js));

    public async ValueTask<INatsKVStore> CreateStoreAsync(NatsKVConfig config, CancellationToken cancellationToken = default) =>
        Bind(config.Bucket, await JetStream.CreateStreamAsync(ToStreamConfig(config), cancellationToken).ConfigureAwait(false));

    public async ValueTask<INatsKVStore> UpdateStoreAsync(NatsKVConfig config, CancellationToken cancellationToken = default) =>
        Bind(config.Bucket, await JetStream.UpdateStreamAsync(ToStreamConfig(config), cancellationToken).ConfigureAwait(false));

    public async ValueTask<INatsKVStore> CreateOrUpdateStoreAsync(NatsKVConfig config, CancellationToken cancellationToken = default) =>
        Bind(config.Bucket, await JetStream.CreateOrUpdateStreamAsync(ToStreamConfig(config), cancellationToken).ConfigureAwait(false));

    public async ValueTask<INatsKVStore> GetStoreAsync(string bucket, CancellationToken cancellationToken = default)
    {
        NatsKVValidator.ThrowIfInvalidBucket(bucket);
        return Bind(bucket, await JetStream.GetStreamAsync(StreamName(bucket), cancellationToken).ConfigureAwait(false));
    }

    public ValueTask<bool> DeleteStoreAsync(string bucket, CancellationToken cancellationToken = default)
    {
        NatsKVValidator.ThrowIfInvalidBucket(bucket);
        return JetStream.DeleteStreamAsync(StreamName(bucket), cancellationToken);
    }

    internal static string StreamName(string bucket) => $"KV_{bucket}";

    /// <summary>The stream ADR-8 prescribes for a bucket.</summary>
    internal static StreamConfig ToStreamConfig(NatsKVConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        NatsKVValidator.ThrowIfInvalidBucket(config.Bucket);
        if (config.History is < 1 or > MaxHistory)
        {
            throw new ArgumentOutOfRangeException(nameof(config), config.History, $"History must be between 1 and {MaxHistory}");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(config.MaxAge, TimeSpan.Zero, nameof(config));
        return new StreamConfig(StreamName(config.Bucket), $"$KV.{config.Bucket}.>")
        {
            Description = config.Description,
            MaxMsgsPerSubject = config.History,
            MaxBytes = config.MaxBytes,
            MaxAge = config.MaxAge,
            MaxMsgSize = config.MaxValueSize,
            Storage = config.Storage,
            NumReplicas = config.NumReplicas,
            AllowRollupHdrs = true,
            DenyDelete = true,
            AllowDirect = true,
            Discard = DiscardPolicy.New,
            DuplicateWindow = config.MaxAge > TimeSpan.Zero && config.MaxAge < DefaultDuplicateWindow ? config.MaxAge : DefaultDuplicateWindow,
        };
    }

    private NatsKVStore Bind(string bucket, StreamInfo info) => new(JetStream, bucket, info.Config.AllowDirect);
}
