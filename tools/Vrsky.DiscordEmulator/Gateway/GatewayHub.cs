using System.Net.WebSockets;
using System.Text.Json;
using Vrsky.Discord.Gateway;
using Vrsky.Discord.Models;
using Vrsky.DiscordEmulator.State;

namespace Vrsky.DiscordEmulator.Gateway;

/// <summary>
/// The gateway side of the emulator, as Discord documents it: HELLO, IDENTIFY (token and intents checked; READY then a
/// GUILD_CREATE per guild), RESUME (missed dispatches replayed, then RESUMED; op 9 d=false when the session is unknown
/// or its missed dispatches are no longer all in the replay buffer), heartbeat ACKs, and close codes
/// 4001/4002/4004/4005/4013/4014. Test hooks drop connections, hold new ones, stop ACKs and send op 7/9; <see cref="Seen"/>
/// records what clients did and when.
/// </summary>
public sealed class GatewayHub(EmulatorOptions options, EmulatorState state, Func<Uri> gatewayUrl, TimeProvider time)
{
    private const int MaxPayloadBytes = 16 * 1024;
    private const int MaxLogEntries = 1000;
    private const int DecodeError = 4002;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, GatewaySession> _sessions = [];
    private int _identifies;
    private int _resumes;
    private int _heartbeats;
    private int _replayed;
    private readonly List<GatewayLogEntry> _seen = [];

    /// <summary>While true, heartbeats go unanswered (a zombie connection from the client's point of view).</summary>
    public bool IgnoreHeartbeats { get; set; }

    public int Identifies => Volatile.Read(ref _identifies);

    public int Resumes => Volatile.Read(ref _resumes);

    public int Heartbeats => Volatile.Read(ref _heartbeats);

    /// <summary>Dispatches sent again on RESUME because the client had missed them.</summary>
    public int Replayed => Volatile.Read(ref _replayed);

    /// <summary>The latest connections, IDENTIFYs, RESUMEs and op 9s sent, in order, with when they happened.</summary>
    public IReadOnlyList<GatewayLogEntry> Seen
    {
        get { lock (_lock) { return [.. _seen]; } }
    }

    private void Log(string what)
    {
        lock (_lock)
        {
            // The latest entries are enough for tests; a long local run with a client reconnecting in a loop must not grow it.
            if (_seen.Count == MaxLogEntries)
            {
                _seen.RemoveAt(0);
            }

            _seen.Add(new GatewayLogEntry(what, TimeProvider.System.GetTimestamp()));
        }
    }

    public int ConnectedSessions
    {
        get { lock (_lock) { return _sessions.Values.Count(s => s.Socket is { State: WebSocketState.Open }); } }
    }

    /// <summary>Sessions kept for dispatches and RESUME, connected or not (at most <see cref="EmulatorOptions.MaxSessions"/>).</summary>
    public int SessionCount
    {
        get { lock (_lock) { return _sessions.Count; } }
    }

    /// <summary>
    /// Forgets sessions disconnected longer than the resume window, then the least recently connected ones beyond
    /// <paramref name="keep"/> (their sockets closed): every IDENTIFY adds a session and each keeps its replay buffer and
    /// gets every dispatch, so a client identifying in a loop must not grow memory and work. Call under the lock.
    /// </summary>
    private void ForgetStaleSessions(int keep)
    {
        var now = time.GetUtcNow();
        foreach (var stale in _sessions.Values.Where(s => s.Socket is null && now - s.LastConnected > options.SessionResumeWindow).ToList())
        {
            _sessions.Remove(stale.Id);
        }

        foreach (var oldest in _sessions.Values.OrderBy(s => s.Socket is null ? 0 : 1).ThenBy(s => s.LastConnected).Take(Math.Max(0, _sessions.Count - keep)).ToList())
        {
            oldest.Socket?.Abort();
            _sessions.Remove(oldest.Id);
        }
    }

    /// <summary>Sends a dispatch to every session; sessions that are disconnected get it on RESUME.</summary>
    public async Task DispatchAsync(string name, object data)
    {
        var element = JsonSerializer.SerializeToElement(data, DiscordJson.Options);
        List<(GatewaySession Session, long Seq)> targets;
        lock (_lock)
        {
            targets = [];
            foreach (var session in _sessions.Values)
            {
                session.Seq++;
                session.Keep(session.Seq, name, element, options.ReplayBufferSize);
                targets.Add((session, session.Seq));
            }
        }

        foreach (var (session, seq) in targets)
        {
            await SendAsync(session, new { op = 0, t = name, s = seq, d = element }).ConfigureAwait(false);
        }
    }

    private volatile TaskCompletionSource _accepting = CompletedGate();

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    /// <summary>
    /// Drops every connection and keeps new ones waiting before HELLO until the returned handle is disposed, so what is
    /// dispatched meanwhile is certainly missed by the client and must come back through RESUME.
    /// </summary>
    public IDisposable GoOffline()
    {
        var reopen = HoldNewConnections();
        DropConnections();
        return reopen;
    }

    /// <summary>Keeps new connections waiting before HELLO until the returned handle is disposed; open ones go on.</summary>
    public IDisposable HoldNewConnections()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _accepting = gate;
        return new Reopen(() =>
        {
            _accepting = CompletedGate();
            gate.TrySetResult();
        });
    }

    private sealed class Reopen(Action reopen) : IDisposable
    {
        public void Dispose() => reopen();
    }

    /// <summary>Cuts every connection without a close frame, as a network failure would; sessions stay resumable.</summary>
    public void DropConnections()
    {
        lock (_lock)
        {
            foreach (var session in _sessions.Values.Where(s => s.Socket is not null))
            {
                session.Socket!.Abort();
                session.Socket = null;
                session.LastConnected = time.GetUtcNow();
            }
        }
    }

    /// <summary>
    /// While set, each new connection is closed with this code right after HELLO, as Discord does when it keeps failing
    /// (4000 unknown error), so a client's reconnect attempts and their spacing show in <see cref="Seen"/>.
    /// </summary>
    public int? CloseNewConnectionsWith { get; set; }

    /// <summary>Closes every open connection with <paramref name="code"/> (4000: resume; 4009 session timed out: identify anew).</summary>
    public async Task CloseConnectionsAsync(int code, string reason)
    {
        List<(WebSocket Socket, SemaphoreSlim SendLock)> open;
        lock (_lock)
        {
            open = [.. _sessions.Values.Where(s => s.Socket is not null).Select(s => (s.Socket!, s.SendLock))];
            if (code == GatewayCloseCodes.SessionTimedOut)
            {
                // A timed-out session cannot be resumed.
                _sessions.Clear();
            }
        }

        // Only the close frame: the connection's own loop is receiving and reads the client's answering close.
        foreach (var (socket, sendLock) in open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    sendLock.Release();
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Gone already.
            }
        }
    }

    public Task SendReconnectAsync() => BroadcastAsync(new { op = (int)GatewayOpCode.Reconnect, d = (object?)null });

    /// <summary>op 9; when not resumable the sessions are forgotten, so the client must identify again.</summary>
    public async Task InvalidateSessionsAsync(bool resumable)
    {
        Log(resumable ? GatewayLogEntry.InvalidSessionResumable : GatewayLogEntry.InvalidSession);
        await BroadcastAsync(new { op = (int)GatewayOpCode.InvalidSession, d = resumable }).ConfigureAwait(false);
        if (!resumable)
        {
            lock (_lock)
            {
                _sessions.Clear();
            }
        }
    }

    private async Task BroadcastAsync(object payload)
    {
        List<GatewaySession> sessions;
        lock (_lock)
        {
            sessions = [.. _sessions.Values];
        }

        foreach (var session in sessions)
        {
            await SendAsync(session, payload).ConfigureAwait(false);
        }
    }

    /// <summary>Serves one WebSocket connection until it closes.</summary>
    public async Task HandleAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        Log(GatewayLogEntry.Connect);
        await _accepting.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var sendLock = new SemaphoreSlim(1, 1);
        await SendRawAsync(socket, sendLock, new { op = (int)GatewayOpCode.Hello, d = new { heartbeat_interval = (int)options.HeartbeatInterval.TotalMilliseconds } }, cancellationToken).ConfigureAwait(false);
        if (CloseNewConnectionsWith is { } refusal)
        {
            await CloseAsync(socket, refusal, "Unknown error.").ConfigureAwait(false);
            return;
        }

        GatewaySession? session = null;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var payload = await ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
                if (payload is null)
                {
                    return;
                }

                if (payload.Value.ValueKind != JsonValueKind.Object || !payload.Value.TryGetProperty("op", out var opElement) || !opElement.TryGetInt32(out var op))
                {
                    await CloseAsync(socket, 4002, "Error while decoding payload.").ConfigureAwait(false);
                    return;
                }

                var d = payload.Value.TryGetProperty("d", out var data) ? data : default;
                switch ((GatewayOpCode)op)
                {
                    case GatewayOpCode.Heartbeat:
                        Interlocked.Increment(ref _heartbeats);
                        if (!IgnoreHeartbeats)
                        {
                            await SendRawAsync(socket, sendLock, new { op = (int)GatewayOpCode.HeartbeatAck }, cancellationToken).ConfigureAwait(false);
                        }

                        break;
                    case GatewayOpCode.Identify when session is not null:
                        await CloseAsync(socket, 4005, "Already authenticated.").ConfigureAwait(false);
                        return;
                    case GatewayOpCode.Identify:
                        session = await IdentifyAsync(socket, sendLock, d).ConfigureAwait(false);
                        if (session is null)
                        {
                            return;
                        }

                        break;
                    case GatewayOpCode.Resume:
                        session = await ResumeAsync(socket, sendLock, d, cancellationToken).ConfigureAwait(false);
                        if (session is null && socket.State != WebSocketState.Open)
                        {
                            return;
                        }

                        break;
                    default:
                        await CloseAsync(socket, 4001, "Unknown opcode.").ConfigureAwait(false);
                        return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away (or DropConnections aborted it); the session stays for RESUME.
        }
        finally
        {
            if (session is not null)
            {
                lock (_lock)
                {
                    if (session.Socket == socket)
                    {
                        session.Socket = null;
                        session.LastConnected = time.GetUtcNow();
                    }
                }
            }
        }
    }

    private async Task<GatewaySession?> IdentifyAsync(WebSocket socket, SemaphoreSlim sendLock, JsonElement d)
    {
        if (await RefuseTokenAsync(socket, d).ConfigureAwait(false))
        {
            return null;
        }

        if (!d.TryGetProperty("intents", out var intentsElement) || intentsElement.ValueKind != JsonValueKind.Number || !intentsElement.TryGetInt32(out var intents) || intents < 0 || (intents & ~options.KnownIntents) != 0)
        {
            await CloseAsync(socket, GatewayCloseCodes.InvalidIntents, "Invalid intent(s).").ConfigureAwait(false);
            return null;
        }

        if (((GatewayIntents)intents & GatewayIntents.Privileged) != 0 && !options.PrivilegedIntentsAllowed)
        {
            await CloseAsync(socket, GatewayCloseCodes.DisallowedIntents, "Disallowed intent(s).").ConfigureAwait(false);
            return null;
        }

        Interlocked.Increment(ref _identifies);
        Log(GatewayLogEntry.Identify);
        var session = new GatewaySession(Guid.NewGuid().ToString("N")) { Socket = socket, SendLock = sendLock, LastConnected = time.GetUtcNow() };
        lock (_lock)
        {
            ForgetStaleSessions(keep: options.MaxSessions - 1);
            _sessions[session.Id] = session;
        }

        var guilds = state.GuildIds;
        var ready = new Ready(10, BotUser(options), [.. guilds.Select(g => new Guild(g, Unavailable: true))], session.Id,
            gatewayUrl().AbsoluteUri, new ReadyApplication(options.ApplicationId));
        await SendDispatchAsync(session, "READY", ready).ConfigureAwait(false);
        foreach (var guild in guilds)
        {
            await SendDispatchAsync(session, "GUILD_CREATE", new Guild(guild, $"Guild {guild}", false)).ConfigureAwait(false);
        }

        return session;
    }

    private async Task<GatewaySession?> ResumeAsync(WebSocket socket, SemaphoreSlim sendLock, JsonElement d, CancellationToken cancellationToken)
    {
        if (await RefuseTokenAsync(socket, d).ConfigureAwait(false))
        {
            return null;
        }

        if (d.TryGetProperty("session_id", out var s) && s.ValueKind != JsonValueKind.String || d.TryGetProperty("seq", out var q) && q.ValueKind is not (JsonValueKind.Number or JsonValueKind.Null))
        {
            await CloseAsync(socket, DecodeError, "Error while decoding payload.").ConfigureAwait(false);
            return null;
        }

        Log(GatewayLogEntry.Resume);
        var sessionId = s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var seq = q.ValueKind == JsonValueKind.Number && q.TryGetInt64(out var value) ? value : -1;
        GatewaySession? session;
        List<(long Seq, string Name, JsonElement Data)> missed;
        lock (_lock)
        {
            ForgetStaleSessions(keep: options.MaxSessions);
            session = sessionId is null ? null : _sessions.GetValueOrDefault(sessionId);
            if (session is null || seq > session.Seq || !session.CanReplayAfter(seq))
            {
                // Discord, too, keeps a bounded backlog: a client that missed more must start a new session.
                if (session is not null)
                {
                    _sessions.Remove(session.Id);
                }

                session = null;
                missed = [];
            }
            else
            {
                session.Socket?.Abort();
                session.Socket = socket;
                session.SendLock = sendLock;
                session.LastConnected = time.GetUtcNow();
                missed = [.. session.Sent.Where(e => e.Seq > seq)];
            }
        }

        if (session is null)
        {
            Log(GatewayLogEntry.InvalidSession);
            await SendRawAsync(socket, sendLock, new { op = (int)GatewayOpCode.InvalidSession, d = false }, cancellationToken).ConfigureAwait(false);
            return null;
        }

        Interlocked.Increment(ref _resumes);
        Interlocked.Add(ref _replayed, missed.Count);
        foreach (var (eventSeq, name, data) in missed)
        {
            await SendRawAsync(socket, sendLock, new { op = 0, t = name, s = eventSeq, d = data }, cancellationToken).ConfigureAwait(false);
        }

        await SendDispatchAsync(session, "RESUMED", new { }).ConfigureAwait(false);
        return session;
    }

    /// <summary>
    /// Closes with 4002 when IDENTIFY/RESUME has no data object or a token that is not a string (Discord cannot decode
    /// it), with 4004 when the token is not the bot's; true when it closed.
    /// </summary>
    private async Task<bool> RefuseTokenAsync(WebSocket socket, JsonElement d)
    {
        if (d.ValueKind != JsonValueKind.Object || !d.TryGetProperty("token", out var token) || token.ValueKind != JsonValueKind.String)
        {
            await CloseAsync(socket, DecodeError, "Error while decoding payload.").ConfigureAwait(false);
            return true;
        }

        if (token.GetString() != options.Token)
        {
            await CloseAsync(socket, GatewayCloseCodes.AuthenticationFailed, "Authentication failed.").ConfigureAwait(false);
            return true;
        }

        return false;
    }

    internal static User BotUser(EmulatorOptions options) => new(options.ApplicationId, "frolf-bot", "Frolf Bot", true);

    private async Task SendDispatchAsync(GatewaySession session, string name, object data)
    {
        var element = JsonSerializer.SerializeToElement(data, DiscordJson.Options);
        long seq;
        lock (_lock)
        {
            seq = ++session.Seq;
            session.Keep(seq, name, element, options.ReplayBufferSize);
        }

        await SendAsync(session, new { op = 0, t = name, s = seq, d = element }).ConfigureAwait(false);
    }

    private static async Task SendAsync(GatewaySession session, object payload)
    {
        if (session.Socket is not { State: WebSocketState.Open } socket)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await SendRawAsync(socket, session.SendLock, payload, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Disconnected meanwhile: the dispatch is in Sent and is replayed on RESUME.
        }
    }

    private static async Task SendRawAsync(WebSocket socket, SemaphoreSlim sendLock, object payload, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, DiscordJson.Options);
        await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            sendLock.Release();
        }
    }

    private static async Task<JsonElement?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > MaxPayloadBytes)
            {
                await CloseAsync(socket, 4002, "Payload too large.").ConfigureAwait(false);
                return null;
            }

            if (result.EndOfMessage)
            {
                try
                {
                    using var document = JsonDocument.Parse(message.ToArray());
                    return document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    // Not JSON: the caller closes with 4002 because the payload has no op.
                    return default(JsonElement);
                }
            }
        }
    }

    private static async Task CloseAsync(WebSocket socket, int code, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseAsync((WebSocketCloseStatus)code, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The peer is gone already.
        }
    }
}
