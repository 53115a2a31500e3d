using System.Net.WebSockets;
using System.Text.Json;
using Vrsky.Discord.Models;

namespace Vrsky.Discord.Gateway;

/// <summary>One connection: HELLO, IDENTIFY or RESUME, the heartbeat loop and the read loop.</summary>
public sealed partial class DiscordGatewayClient
{
    /// <summary>How a connection ended and what the next one must do.</summary>
    private enum SessionEnd
    {
        /// <summary>Connection lost or dropped on purpose; the session may be resumed.</summary>
        Resume,

        /// <summary>The session is gone; identify anew.</summary>
        Identify,

        /// <summary>Discord asked for a new connection (op 7): reconnect at once, without backoff.</summary>
        ResumeNow,
    }

    /// <param name="InvalidSession">Ended by op 9: the next RESUME or IDENTIFY waits Discord's random 1–5 s first.</param>
    private sealed record SessionResult(SessionEnd End, int? CloseCode, string Reason, bool InvalidSession = false);

    private async Task<SessionResult> RunSessionAsync(Uri url, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(WithGatewayQuery(url), cancellationToken).ConfigureAwait(false);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var hello = await ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
        if (hello is null)
        {
            return Closed(socket);
        }

        if (hello.Op != GatewayOpCode.Hello || hello.D is not { } helloData || !helloData.TryGetProperty("heartbeat_interval", out var intervalElement))
        {
            throw new WebSocketException("The gateway's first payload was not HELLO.");
        }

        var interval = TimeSpan.FromMilliseconds(Math.Clamp(intervalElement.GetDouble(), 100, 600_000));
        var heartbeat = new HeartbeatState();
        var heartbeatTask = HeartbeatLoopAsync(socket, interval, heartbeat, session.Token);
        try
        {
            await SendIdentifyOrResumeAsync(socket, session.Token).ConfigureAwait(false);
            while (true)
            {
                var payload = await ReceiveAsync(socket, session.Token).ConfigureAwait(false);
                if (payload is null)
                {
                    return Closed(socket);
                }

                switch (payload.Op)
                {
                    case GatewayOpCode.Dispatch:
                        await HandleDispatchAsync(payload, heartbeat, session.Token).ConfigureAwait(false);
                        break;
                    case GatewayOpCode.Heartbeat:
                        await SendAsync(socket, GatewayOpCode.Heartbeat, Sequence, session.Token).ConfigureAwait(false);
                        break;
                    case GatewayOpCode.HeartbeatAck:
                        heartbeat.Acked = true;
                        break;
                    case GatewayOpCode.Reconnect:
                        DiscordLogEvents.GatewayReconnectRequested(_logger);
                        await CloseQuietlyAsync(socket).ConfigureAwait(false);
                        return new SessionResult(SessionEnd.ResumeNow, null, "reconnect requested");
                    case GatewayOpCode.InvalidSession:
                        var resumable = payload.D is { ValueKind: JsonValueKind.True };
                        DiscordLogEvents.GatewayInvalidSession(_logger, resumable);
                        await CloseQuietlyAsync(socket).ConfigureAwait(false);
                        return new SessionResult(resumable ? SessionEnd.Resume : SessionEnd.Identify, null, "invalid session", InvalidSession: true);
                    default:
                        // Other opcodes are client-to-server only; ignoring keeps a newer gateway from breaking us.
                        break;
                }
            }
        }
        catch (Exception e) when (heartbeat.Zombie && !cancellationToken.IsCancellationRequested && e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The heartbeat loop aborted the socket (Abort also disposes it), so whatever this loop was reading or sending failed.
            return new SessionResult(SessionEnd.Resume, null, "heartbeat not acknowledged");
        }
        finally
        {
            MarkNotReady();
            await session.CancelAsync().ConfigureAwait(false);
            try
            {
                await heartbeatTask.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                // The loop ends with the connection; its error is the connection's, reported by the read loop.
            }
        }
    }

    private static SessionResult Closed(ClientWebSocket socket)
    {
        var code = socket.CloseStatus is { } status ? (int)status : (int?)null;
        var reason = socket.CloseStatusDescription ?? "";
        return new SessionResult(code is { } c && GatewayCloseCodes.EndsSession(c) ? SessionEnd.Identify : SessionEnd.Resume, code, reason);
    }

    private sealed class HeartbeatState
    {
        public volatile bool Acked = true;
        public volatile bool Zombie;

        /// <summary>The read loop is waiting for room in the full event channel.</summary>
        public volatile bool Blocked;

        /// <summary>The read loop was blocked at some time since the heartbeat loop last looked.</summary>
        public volatile bool BlockedSinceLastBeat;
    }

    private async Task HeartbeatLoopAsync(ClientWebSocket socket, TimeSpan interval, HeartbeatState state, CancellationToken cancellationToken)
    {
        // Jitter spreads the first heartbeat of many clients reconnecting at once (Discord asks for interval * random).
        await Task.Delay(interval * Random.Shared.NextDouble(), _time, cancellationToken).ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            // While the read loop waits on a slow consumer, the ACK sits unread behind the dispatches in the socket: that is
            // not a zombie connection. Heartbeats still go out (this loop never waits on the channel), so Discord keeps the
            // session; if the consumer stays stuck, Discord's send buffer fills, it drops us, and RESUME replays the backlog.
            var stalled = state.BlockedSinceLastBeat;
            state.BlockedSinceLastBeat = state.Blocked;
            if (!state.Acked && !stalled)
            {
                DiscordLogEvents.GatewayZombie(_logger);
                state.Zombie = true;
                socket.Abort();
                return;
            }

            state.Acked = false;
            await SendAsync(socket, GatewayOpCode.Heartbeat, Sequence, cancellationToken).ConfigureAwait(false);
            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendIdentifyOrResumeAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        if (SessionId is { } sessionId && Sequence is { } sequence)
        {
            await SendAsync(socket, GatewayOpCode.Resume, new { token = _opts.Token, session_id = sessionId, seq = sequence }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var identify = new
        {
            token = _opts.Token,
            intents = (int)_opts.Intents,
            properties = new Dictionary<string, string> { ["os"] = Environment.OSVersion.Platform.ToString().ToLowerInvariant(), ["browser"] = "vrsky", ["device"] = "vrsky" },
        };
        await SendAsync(socket, GatewayOpCode.Identify, identify, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask HandleDispatchAsync(GatewayPayload payload, HeartbeatState heartbeat, CancellationToken cancellationToken)
    {
        if (payload.T is not { Length: > 0 } name || payload.D is not { } data)
        {
            DiscordLogEvents.GatewayBadPayload(_logger, "dispatch without t or d");
            AdvanceSequence(payload);
            return;
        }

        DiscordEvent evt;
        try
        {
            evt = DiscordEvent.Parse(name, payload.S ?? Sequence ?? 0, data);
        }
        catch (JsonException e)
        {
            DiscordLogEvents.GatewayBadPayload(_logger, $"{name}: {e.Message}");
            AdvanceSequence(payload);
            return;
        }

        switch (evt)
        {
            case ReadyEvent ready:
                Volatile.Write(ref _sessionId, ready.Ready.SessionId);
                _resumeUrl = Uri.TryCreate(ready.Ready.ResumeGatewayUrl, UriKind.Absolute, out var resumeUrl) ? resumeUrl : null;
                DiscordLogEvents.GatewayReady(_logger, ready.Ready.SessionId, ready.Ready.Guilds.Count);
                MarkReady();
                break;
            case ResumedEvent:
                DiscordLogEvents.GatewayResumed(_logger, Sequence ?? 0);
                MarkReady();
                break;
        }

        DiscordMetrics.GatewayEvents.Add(1, new KeyValuePair<string, object?>("event", name));
        if (!_events.Writer.TryWrite(evt))
        {
            heartbeat.Blocked = heartbeat.BlockedSinceLastBeat = true;
            try
            {
                await _events.Writer.WriteAsync(evt, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                heartbeat.Blocked = false;
            }
        }

        // Only now: a connection lost while waiting resumes from the last event actually handed over, so this one is replayed.
        AdvanceSequence(payload);
    }

    private void AdvanceSequence(GatewayPayload payload)
    {
        if (payload.S is { } s)
        {
            Volatile.Write(ref _sequence, s);
        }
    }

    /// <summary>Reads one whole text message (null when the server closed); bounded by <see cref="DiscordOpts.MaxGatewayPayloadBytes"/>.</summary>
    private async Task<GatewayPayload?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await CloseQuietlyAsync(socket).ConfigureAwait(false);
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > _opts.MaxGatewayPayloadBytes)
            {
                DiscordLogEvents.GatewayBadPayload(_logger, $"payload over {_opts.MaxGatewayPayloadBytes} bytes");
                throw new WebSocketException("Gateway payload too large.");
            }

            if (!result.EndOfMessage)
            {
                continue;
            }

            try
            {
                return JsonSerializer.Deserialize<GatewayPayload>(message.GetBuffer().AsSpan(0, (int)message.Length), DiscordJson.Options)
                    ?? throw new JsonException("null payload");
            }
            catch (JsonException e)
            {
                // One malformed payload is skipped; the session goes on.
                DiscordLogEvents.GatewayBadPayload(_logger, e.Message);
                message.SetLength(0);
            }
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                // 4000 (not 1000) keeps the session resumable on Discord's side.
                await socket.CloseOutputAsync((WebSocketCloseStatus)GatewayCloseCodes.ClientReconnect, "reconnecting", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone: nothing left to close.
        }
    }

    private static Uri WithGatewayQuery(Uri url)
    {
        var builder = new UriBuilder(url) { Query = "v=10&encoding=json" };
        return builder.Uri;
    }
}
