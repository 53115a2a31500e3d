using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.JetStream;

/// <summary>
/// Pipelined JetStream publishing with a bounded window: at most <see cref="MaxInFlight"/> publishes
/// wait for their ack at any time, so a fast producer cannot flood the server or the inbox.
/// </summary>
/// <example>
/// <code>
/// var publisher = js.CreatePublisher(maxInFlight: 512);
/// var acks = new List&lt;Task&lt;PubAckResponse&gt;&gt;();
/// foreach (var order in orders)
///     acks.Add(await publisher.PublishAsync("orders.new", order));   // waits only for a free slot
/// await Task.WhenAll(acks);                                           // every ack, or the first failure
/// </code>
/// </example>
public sealed class NatsJSPublisher
{
    private readonly INatsJSContext _js;
    private readonly SemaphoreSlim _window;

    internal NatsJSPublisher(INatsJSContext js, int maxInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _js = js;
        MaxInFlight = maxInFlight;
        _window = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    public int MaxInFlight { get; }

    /// <summary>Publishes whose ack has not arrived yet.</summary>
    public int InFlight => MaxInFlight - _window.CurrentCount;

    /// <summary>
    /// Waits for a free slot in the window, sends the message, and returns the task of its ack
    /// (which fails with <see cref="NatsJSApiException"/> or a timeout like a single publish would).
    /// </summary>
    public async ValueTask<Task<PubAckResponse>> PublishAsync<T>(string subject, T data, NatsJSPubOpts? opts = null, NatsHeaders? headers = null, CancellationToken cancellationToken = default)
    {
        await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        return AwaitAckAsync(_js.PublishAsync(subject, data, opts, headers, cancellationToken));
    }

    private async Task<PubAckResponse> AwaitAckAsync(ValueTask<PubAckResponse> ack)
    {
        try
        {
            return await ack.ConfigureAwait(false);
        }
        finally
        {
            _window.Release();
        }
    }
}
