using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.JetStream;

/// <summary>
/// JetStream over an <see cref="INatsConnection"/>: stream and consumer management through the
/// <c>$JS.API.*</c> request subjects, acknowledged publishing, and pull consumption.
/// API failures raise <see cref="NatsJSApiException"/> (or a sealed subclass for well-known err_codes).
/// </summary>
public interface INatsJSContext
{
    INatsConnection Connection { get; }

    NatsJSOpts Opts { get; }

    /// <summary>Creates a stream; succeeds without change when an identical one exists.</summary>
    ValueTask<StreamInfo> CreateStreamAsync(StreamConfig config, CancellationToken cancellationToken = default);

    /// <summary>Changes an existing stream's configuration.</summary>
    ValueTask<StreamInfo> UpdateStreamAsync(StreamConfig config, CancellationToken cancellationToken = default);

    /// <summary>Updates the stream, or creates it when it does not exist (idempotent start-up).</summary>
    ValueTask<StreamInfo> CreateOrUpdateStreamAsync(StreamConfig config, CancellationToken cancellationToken = default);

    ValueTask<StreamInfo> GetStreamAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>Deletes the stream and its consumers; false when the server reports no success.</summary>
    ValueTask<bool> DeleteStreamAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>Removes messages (all, or those selected by <paramref name="request"/>); returns how many.</summary>
    ValueTask<ulong> PurgeStreamAsync(string stream, StreamPurgeRequest? request = null, CancellationToken cancellationToken = default);

    /// <summary>Names of all streams, or of those listening on <paramref name="subject"/>, page by page.</summary>
    IAsyncEnumerable<string> ListStreamNamesAsync(string? subject = null, CancellationToken cancellationToken = default);

    /// <summary>One stored message by sequence or last-by-subject, answered by the stream leader.</summary>
    ValueTask<StoredMessage> GetMsgAsync(string stream, StreamMsgGetRequest request, CancellationToken cancellationToken = default);

    /// <summary>Publishes and waits for the stream's ack. Conditions in <paramref name="opts"/> become headers.</summary>
    ValueTask<PubAckResponse> PublishAsync<T>(string subject, T data, NatsJSPubOpts? opts = null, NatsHeaders? headers = null, CancellationToken cancellationToken = default);

    /// <summary>A publisher that keeps at most <paramref name="maxInFlight"/> acks outstanding.</summary>
    NatsJSPublisher CreatePublisher(int maxInFlight = 256);

    /// <summary>Creates a consumer, or updates it when one of that name exists.</summary>
    ValueTask<ConsumerInfo> CreateOrUpdateConsumerAsync(string stream, ConsumerConfig config, CancellationToken cancellationToken = default);

    ValueTask<ConsumerInfo> GetConsumerAsync(string stream, string consumer, CancellationToken cancellationToken = default);

    ValueTask<bool> DeleteConsumerAsync(string stream, string consumer, CancellationToken cancellationToken = default);

    /// <summary>
    /// One pull request: yields up to <see cref="NatsJSFetchOpts.MaxMsgs"/> messages, ending early when
    /// the request expires or (with NoWait) nothing is pending.
    /// </summary>
    IAsyncEnumerable<NatsJSMsg<T>> FetchAsync<T>(string stream, string consumer, NatsJSFetchOpts? opts = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Endless pull loop: keeps pull requests outstanding, refills them below a threshold, and re-issues
    /// them after missed heartbeats or a reconnect. Ends only when the token is cancelled.
    /// </summary>
    IAsyncEnumerable<NatsJSMsg<T>> ConsumeAsync<T>(string stream, string consumer, NatsJSConsumeOpts? opts = null, CancellationToken cancellationToken = default);
}
