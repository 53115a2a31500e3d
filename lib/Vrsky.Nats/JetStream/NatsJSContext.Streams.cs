using System.Runtime.CompilerServices;
using Vrsky.Nats.JetStream.Internal;
using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.JetStream;

public sealed partial class NatsJSContext
{
    public ValueTask<StreamInfo> CreateStreamAsync(StreamConfig config, CancellationToken cancellationToken = default) =>
        SendStreamConfigAsync("STREAM.CREATE", config, cancellationToken);

    public ValueTask<StreamInfo> UpdateStreamAsync(StreamConfig config, CancellationToken cancellationToken = default) =>
        SendStreamConfigAsync("STREAM.UPDATE", config, cancellationToken);

    public async ValueTask<StreamInfo> CreateOrUpdateStreamAsync(StreamConfig config, CancellationToken cancellationToken = default)
    {
        try
        {
            return await UpdateStreamAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSStreamNotFoundException)
        {
            return await CreateStreamAsync(config, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask<StreamInfo> GetStreamAsync(string stream, CancellationToken cancellationToken = default)
    {
        NatsJSValidator.ThrowIfInvalidName(stream);
        return ApiRequestAsync($"STREAM.INFO.{stream}", Json.StreamInfo, cancellationToken);
    }

    public async ValueTask<bool> DeleteStreamAsync(string stream, CancellationToken cancellationToken = default)
    {
        NatsJSValidator.ThrowIfInvalidName(stream);
        var reply = await ApiRequestAsync($"STREAM.DELETE.{stream}", Json.SuccessResponse, cancellationToken).ConfigureAwait(false);
        return reply.Success;
    }

    public async ValueTask<ulong> PurgeStreamAsync(string stream, StreamPurgeRequest? request = null, CancellationToken cancellationToken = default)
    {
        NatsJSValidator.ThrowIfInvalidName(stream);
        var reply = await ApiRequestAsync($"STREAM.PURGE.{stream}", request, Json.StreamPurgeRequest, Json.StreamPurgeResponse, cancellationToken).ConfigureAwait(false);
        return reply.Purged;
    }

    public async IAsyncEnumerable<string> ListStreamNamesAsync(string? subject = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var offset = 0;
        while (true)
        {
            var page = await ApiRequestAsync("STREAM.NAMES", new StreamNamesRequest { Offset = offset, Subject = subject }, Json.StreamNamesRequest, Json.StreamNamesResponse, cancellationToken).ConfigureAwait(false);
            var names = page.Streams ?? [];
            foreach (var name in names)
            {
                yield return name;
            }

            offset += names.Count;
            if (names.Count == 0 || offset >= page.Total)
            {
                yield break;
            }
        }
    }

    public async ValueTask<StoredMessage> GetMsgAsync(string stream, StreamMsgGetRequest request, CancellationToken cancellationToken = default)
    {
        NatsJSValidator.ThrowIfInvalidName(stream);
        ArgumentNullException.ThrowIfNull(request);
        var reply = await ApiRequestAsync($"STREAM.MSG.GET.{stream}", request, Json.StreamMsgGetRequest, Json.StreamMsgGetResponse, cancellationToken).ConfigureAwait(false);
        return reply.Message;
    }

    private ValueTask<StreamInfo> SendStreamConfigAsync(string api, StreamConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        NatsJSValidator.ThrowIfInvalidName(config.Name, $"{nameof(config)}.{nameof(config.Name)}");
        return ApiRequestAsync($"{api}.{config.Name}", config, Json.StreamConfig, Json.StreamInfo, cancellationToken);
    }
}
