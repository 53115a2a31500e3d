using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vrsky.Discord.Rest;

namespace Vrsky.Discord.Gateway;

/// <summary>State of the gateway connection; the session protocol is in <c>.Session.cs</c>, reconnect policy in <c>.Reconnect.cs</c>.</summary>
public sealed partial class DiscordGatewayClient : IDiscordGatewayClient
{
    private readonly DiscordOpts _opts;
    private readonly IDiscordRestClient? _rest;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly GatewaySendLimiter _limiter;
    private readonly Channel<DiscordEvent> _events;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _sessionId;
    private Uri? _resumeUrl;
    private long _sequence = -1;
    private volatile bool _isReady;
    private volatile bool _readyDuringSession;

    /// <param name="rest">Asked for the gateway URL (<c>GET /gateway/bot</c>) when <see cref="DiscordOpts.GatewayUrl"/> is null.</param>
    public DiscordGatewayClient(DiscordOpts opts, IDiscordRestClient? rest = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(opts);
        ArgumentException.ThrowIfNullOrWhiteSpace(opts.Token, nameof(opts.Token));
        if (opts.GatewayUrl is null && rest is null)
        {
            throw new ArgumentException("Either DiscordOpts.GatewayUrl or a REST client to ask GET /gateway/bot is needed.", nameof(rest));
        }

        _opts = opts;
        _rest = rest;
        _time = time ?? TimeProvider.System;
        _logger = opts.LoggerFactory.CreateLogger<DiscordGatewayClient>();
        _limiter = new GatewaySendLimiter(opts.GatewaySendLimit, opts.GatewaySendWindow, _time);
        ArgumentOutOfRangeException.ThrowIfLessThan(opts.EventBufferCapacity, 1, nameof(opts.EventBufferCapacity));
        _events = Channel.CreateBounded<DiscordEvent>(new BoundedChannelOptions(opts.EventBufferCapacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public bool IsReady => _isReady;

    public string? SessionId => Volatile.Read(ref _sessionId);

    public long? Sequence => Volatile.Read(ref _sequence) is var s and >= 0 ? s : null;

    public IAsyncEnumerable<DiscordEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    public Task WaitUntilReadyAsync(CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _ready).Task.WaitAsync(cancellationToken);

    private void MarkReady()
    {
        _isReady = true;
        _readyDuringSession = true;
        Volatile.Read(ref _ready).TrySetResult();
    }

    private void MarkNotReady()
    {
        if (_isReady)
        {
            _isReady = false;
            Volatile.Write(ref _ready, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    private async ValueTask SendAsync(ClientWebSocket socket, GatewayOpCode op, object? data, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { op = (int)op, d = data }, Models.DiscordJson.Options);
        await _limiter.AcquireAsync(op == GatewayOpCode.Heartbeat, cancellationToken).ConfigureAwait(false);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
