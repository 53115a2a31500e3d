using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Vrsky.Nats.Internal;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Internal;
using Vrsky.Nats.JetStream.Models;
using Vrsky.Nats.KeyValue.Internal;
using Vrsky.Nats.Protocol;

namespace Vrsky.Nats.KeyValue;

public sealed partial class NatsKVStore
{
    public async ValueTask<NatsKVEntry<T>> GetEntryAsync<T>(string key, ulong revision = 0, CancellationToken cancellationToken = default)
    {
        var result = await TryGetEntryAsync<T>(key, revision, cancellationToken).ConfigureAwait(false);
        return result.Value;
    }

    public async ValueTask<NatsKVResult<NatsKVEntry<T>>> TryGetEntryAsync<T>(string key, ulong revision = 0, CancellationToken cancellationToken = default)
    {
        NatsKVValidator.ThrowIfInvalidKey(key);
        var entry = _allowDirect
            ? await DirectGetAsync<T>(key, revision, cancellationToken).ConfigureAwait(false)
            : await MsgGetAsync<T>(key, revision, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return new NatsKVResult<NatsKVEntry<T>>(new NatsKVKeyNotFoundException(Bucket, key));
        }

        if (revision == 0 && entry.Operation != NatsKVOperation.Put)
        {
            return new NatsKVResult<NatsKVEntry<T>>(new NatsKVKeyDeletedException(Bucket, key, entry.Revision));
        }

        return new NatsKVResult<NatsKVEntry<T>>(entry);
    }

    /// <summary>
    /// Parses the timestamps JetStream writes (RFC 3339 with up to nanoseconds); .NET keeps 100 ns ticks,
    /// so fractions beyond seven digits are cut before parsing.
    /// </summary>
    internal static DateTimeOffset ParseTimestamp(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    /// <summary>
    /// <c>$JS.API.DIRECT.GET.KV_b.$KV.b.key</c> (latest, any replica answers) or <c>$JS.API.DIRECT.GET.KV_b</c>
    /// with a sequence; the stored message comes back as-is, described by Nats-* headers. Null when absent.
    /// </summary>
    private async ValueTask<NatsKVEntry<T>?> DirectGetAsync<T>(string key, ulong revision, CancellationToken cancellationToken)
    {
        var subject = KeySubject(key);
        var api = $"{_js.Opts.EffectivePrefix}.DIRECT.GET.{_stream}";
        var requestOpts = new NatsRequestOpts { Timeout = _js.Opts.RequestTimeout };
        var reply = revision == 0
            ? await _js.Connection.RequestAsync<byte[], T>($"{api}.{subject}", [], opts: requestOpts, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await _js.Connection.RequestAsync<byte[], T>(api, JsonSerializer.SerializeToUtf8Bytes(new StreamMsgGetRequest { Seq = revision }, NatsJSJsonContext.Default.StreamMsgGetRequest), opts: requestOpts, cancellationToken: cancellationToken).ConfigureAwait(false);

        var headers = reply.Headers;
        if (headers?.Code == 404)
        {
            return null;
        }

        if (headers is null || headers.Code != 0)
        {
            throw new NatsKVException($"Direct get of '{key}' in bucket '{Bucket}' failed: {headers?.Code} {headers?.MessageText}");
        }

        if (!headers.TryGetValue(NatsJSHeaderNames.Subject, out var storedSubject) || storedSubject != subject)
        {
            return null; // the revision belongs to another key
        }

        var operation = ParseOperation(headers);
        return new NatsKVEntry<T>(Bucket, key)
        {
            Value = operation == NatsKVOperation.Put ? reply.Data : default,
            Revision = ulong.Parse(headers[NatsJSHeaderNames.Sequence], CultureInfo.InvariantCulture),
            Created = ParseTimestamp(headers[NatsJSHeaderNames.TimeStamp]),
            Operation = operation,
        };
    }

    /// <summary>Fallback for buckets without allow_direct: STREAM.MSG.GET, answered by the stream leader.</summary>
    private async ValueTask<NatsKVEntry<T>?> MsgGetAsync<T>(string key, ulong revision, CancellationToken cancellationToken)
    {
        var subject = KeySubject(key);
        var request = revision == 0 ? new StreamMsgGetRequest { LastBySubj = subject } : new StreamMsgGetRequest { Seq = revision };
        StoredMessage message;
        try
        {
            message = await _js.GetMsgAsync(_stream, request, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSNoMessageFoundException)
        {
            return null;
        }

        if (message.Subject != subject)
        {
            return null;
        }

        // The core's header and payload codecs, so a fallback read decodes exactly like a delivered message.
        var headers = message.Hdrs is { Length: > 0 } hdrs ? HeaderCodec.Decode(new ReadOnlySequence<byte>(hdrs)) : null;
        var operation = ParseOperation(headers);
        return new NatsKVEntry<T>(Bucket, key)
        {
            Value = operation == NatsKVOperation.Put ? NatsSerializer<T>.Deserialize(new ReadOnlySequence<byte>(message.Data ?? []), _js.Connection.Opts.SerializerOptions) : default,
            Revision = message.Seq,
            Created = message.Time,
            Operation = operation,
        };
    }
}
