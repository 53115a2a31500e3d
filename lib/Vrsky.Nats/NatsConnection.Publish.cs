using Vrsky.Nats.Internal;
using Vrsky.Nats.Protocol;

namespace Vrsky.Nats;

/// <summary>Publishing, flush and ping: everything formats into the command pipe; nothing waits for the socket.</summary>
public sealed partial class NatsConnection
{
    public ValueTask PublishAsync<T>(string subject, T data, NatsHeaders? headers = null, string? replyTo = null, NatsPubOpts? opts = null, CancellationToken cancellationToken = default)
    {
        ProtocolWriter.ValidateSubject(subject);
        if (replyTo is not null)
        {
            ProtocolWriter.ValidateSubject(replyTo, nameof(replyTo));
        }

        if (headers is not null && !Opts.Headers)
        {
            throw new InvalidOperationException("Headers are disabled in NatsOpts");
        }

        if (!IsUsable())
        {
            return ConnectThenPublishAsync(subject, data, headers, replyTo, opts, cancellationToken);
        }

        return _writer.PublishAsync(subject, replyTo, headers, data, opts?.SerializerOptions ?? Opts.SerializerOptions, MaxPayload(), cancellationToken);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(cancellationToken);
        var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writer.PingAsync(pong, cancellationToken);
        await pong.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(cancellationToken);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await FlushAsync(cancellationToken);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Open, or reconnecting with the pipe buffering: either way commands can be queued.</summary>
    private bool IsUsable() => ConnectionState is NatsConnectionState.Open or NatsConnectionState.Reconnecting;

    private ValueTask EnsureConnectedAsync(CancellationToken cancellationToken) =>
        IsUsable() ? default : ConnectAsync(cancellationToken);

    private long MaxPayload() => Volatile.Read(ref _serverInfo)?.MaxPayload ?? 0;

    private async ValueTask ConnectThenPublishAsync<T>(string subject, T data, NatsHeaders? headers, string? replyTo, NatsPubOpts? opts, CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken);
        await _writer.PublishAsync(subject, replyTo, headers, data, opts?.SerializerOptions ?? Opts.SerializerOptions, MaxPayload(), cancellationToken);
    }
}
