using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Internal;
using Vrsky.Nats.KeyValue.Internal;

namespace Vrsky.Nats.KeyValue;

/// <inheritdoc />
public sealed partial class NatsKVStore : INatsKVStore
{
    internal const string OperationHeader = "KV-Operation";

    private readonly INatsJSContext _js;
    private readonly string _stream;
    private readonly string _keyPrefix;
    private readonly bool _allowDirect;

    internal NatsKVStore(INatsJSContext js, string bucket, bool allowDirect)
    {
        _js = js;
        Bucket = bucket;
        _stream = NatsKVContext.StreamName(bucket);
        _keyPrefix = $"$KV.{bucket}.";
        _allowDirect = allowDirect;
    }

    public string Bucket { get; }

    public async ValueTask<ulong> PutAsync<T>(string key, T value, CancellationToken cancellationToken = default)
    {
        NatsKVValidator.ThrowIfInvalidKey(key);
        var ack = await _js.PublishAsync(KeySubject(key), value, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ack.Seq;
    }

    public async ValueTask<ulong> CreateAsync<T>(string key, T value, CancellationToken cancellationToken = default)
    {
        try
        {
            return await UpdateAsync(key, value, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsKVWrongLastRevisionException)
        {
            // The subject has messages; if the latest is a delete/purge marker the key counts as absent.
            var latest = await TryGetEntryAsync<ReadOnlyMemory<byte>>(key, 0, cancellationToken).ConfigureAwait(false);
            if (latest.Error is NatsKVKeyDeletedException deleted)
            {
                return await UpdateAsync(key, value, deleted.Revision, cancellationToken).ConfigureAwait(false);
            }

            throw;
        }
    }

    public async ValueTask<ulong> UpdateAsync<T>(string key, T value, ulong revision, CancellationToken cancellationToken = default)
    {
        NatsKVValidator.ThrowIfInvalidKey(key);
        try
        {
            var opts = new NatsJSPubOpts { ExpectedLastSubjectSequence = revision };
            var ack = await _js.PublishAsync(KeySubject(key), value, opts, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ack.Seq;
        }
        catch (NatsJSWrongLastSequenceException ex)
        {
            throw new NatsKVWrongLastRevisionException(Bucket, key, ex);
        }
    }

    public ValueTask<ulong> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        WriteMarkerAsync(key, new NatsHeaders { [OperationHeader] = "DEL" }, cancellationToken);

    public ValueTask<ulong> PurgeAsync(string key, CancellationToken cancellationToken = default) =>
        WriteMarkerAsync(key, new NatsHeaders { [OperationHeader] = "PURGE", [NatsJSHeaderNames.Rollup] = "sub" }, cancellationToken);

    internal string KeySubject(string key) => _keyPrefix + key;

    internal static NatsKVOperation ParseOperation(NatsHeaders? headers) =>
        headers is not null && headers.TryGetValue(OperationHeader, out var op)
            ? op switch
            {
                "DEL" => NatsKVOperation.Del,
                "PURGE" => NatsKVOperation.Purge,
                _ => NatsKVOperation.Put,
            }
            : NatsKVOperation.Put;

    private async ValueTask<ulong> WriteMarkerAsync(string key, NatsHeaders headers, CancellationToken cancellationToken)
    {
        NatsKVValidator.ThrowIfInvalidKey(key);
        var ack = await _js.PublishAsync(KeySubject(key), ReadOnlyMemory<byte>.Empty, headers: headers, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ack.Seq;
    }
}
