using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Vrsky.Chat.Contracts.Messaging;
using Vrsky.Gateway.Chats;
using Vrsky.Gateway.Delivery;
using Vrsky.Gateway.RateLimiting;
using Vrsky.Gateway.Telemetry;
using Vrsky.ServiceDefaults.Telemetry;

namespace Vrsky.Gateway.Realtime;

/// <summary>
/// One WebSocket from accept to close: joins the user's chats, reports presence, reads client frames one at a
/// time and answers each bad one with an <c>Error</c> frame (closing the socket after too many in a row).
/// </summary>
internal sealed class RealtimeSession(WebSocket socket, ClientConnection connection, RealtimeSession.Deps deps, RealtimeOptions options, ILogger logger)
{
    internal sealed record Deps(ChatStore Store, ChatCommands Commands, ConnectionRegistry Registry, DeliveryBindings Bindings, RateLimiter RateLimiter);

    // Created inside the upgrade request: its span is what each frame's trace links back to.
    private readonly ActivityContext _connectionSpan = Activity.Current?.Context ?? default;

    private string Origin => $"{deps.Bindings.GatewayId}/{connection.Id}";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        deps.Registry.Register(connection);
        var sendLoop = Task.CompletedTask;
        try
        {
            await deps.Registry.JoinAsync(connection, await deps.Store.ChatIdsOfAsync(connection.UserId, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            await deps.Commands.PresenceAsync(connection.UserId, connection.Id, PresenceSignalKind.Heartbeat, cancellationToken).ConfigureAwait(false);
            sendLoop = connection.RunSendLoopAsync(cancellationToken);
            await ReceiveLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client vanished without a close handshake.
        }
        finally
        {
            connection.Complete();
            await sendLoop.ConfigureAwait(false);
            await deps.Registry.UnregisterAsync(connection).ConfigureAwait(false);
            try
            {
                await deps.Commands.PresenceAsync(connection.UserId, connection.Id, PresenceSignalKind.Disconnect, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Without the signal the device still lapses when its heartbeat TTL runs out.
                GatewayLog.PresenceSignalFailed(logger, e, connection.UserId);
            }
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var badFrames = 0;
        while (socket.State == WebSocketState.Open && !connection.IsClosing)
        {
            // A zero-byte read waits for the next frame without holding a buffer: idle sockets cost no buffer memory.
            var peek = await socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            if (peek.MessageType == WebSocketMessageType.Close)
            {
                // Past a server-initiated close this is the client's answer, and the handshake is already complete.
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(options.MaxFrameBytes + 1);
            try
            {
                var (length, type) = await ReadMessageAsync(buffer, cancellationToken).ConfigureAwait(false);
                var error = type switch
                {
                    WebSocketMessageType.Close => null,
                    WebSocketMessageType.Binary => ServerFrame.Error("unsupported", "Only JSON text frames are accepted.", null),
                    _ when length > options.MaxFrameBytes => ServerFrame.Error("frame_too_large", $"Frames are limited to {options.MaxFrameBytes} bytes.", null),
                    _ => await HandleAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false),
                };
                if (type == WebSocketMessageType.Close)
                {
                    return;
                }

                badFrames = error is { Code: "malformed" or "unknown_type" or "invalid_frame" or "frame_too_large" or "unsupported" } ? badFrames + 1 : 0;
                if (error is not null)
                {
                    GatewayLog.BadFrame(logger, connection.UserId, error.Code!);
                    connection.Send(error);
                }

                if (badFrames >= options.MaxBadFrames)
                {
                    connection.Close(WebSocketCloseStatus.PolicyViolation, $"{badFrames} invalid frames in a row");
                    return;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Reads one message; past the limit it keeps draining and reports a length over <see cref="Realtimeoptions.MaxFrameBytes"/>.</summary>
    private async Task<(int Length, WebSocketMessageType Type)> ReadMessageAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var room = buffer.AsMemory(Math.Min(length, options.MaxFrameBytes), buffer.Length - Math.Min(length, options.MaxFrameBytes));
            var result = await socket.ReceiveAsync(room, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken).ConfigureAwait(false);
                return (0, WebSocketMessageType.Close);
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return (length, result.MessageType);
            }
        }
    }

    /// <summary>Handles one text frame; returns the <c>Error</c> to send, or null.</summary>
    private async Task<ServerFrame?> HandleAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        ClientFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize(json.Span, RealtimeJson.Default.ClientFrame);
        }
        catch (JsonException)
        {
            return ServerFrame.Error("malformed", "The frame is not valid JSON of the expected shape.", null);
        }

        if (frame is null)
        {
            return ServerFrame.Error("malformed", "The frame is not a JSON object.", null);
        }

        if (frame.Type is "Subscribe" or "Typing" or "Read" && !await deps.RateLimiter.TryFrameAsync(connection.UserId, cancellationToken).ConfigureAwait(false))
        {
            return ServerFrame.Error("rate_limited", $"At most {deps.RateLimiter.Limits.FramesPerMinute} Subscribe, Typing and Read frames per minute.", frame.Ref);
        }

        switch (frame.Type)
        {
            case "Ping":
                await deps.Commands.PresenceAsync(connection.UserId, connection.Id, PresenceSignalKind.Heartbeat, cancellationToken).ConfigureAwait(false);
                connection.Send(new ServerFrame("Pong") { Ref = frame.Ref });
                return null;
            case "Subscribe":
                return await OnSubscribeAsync(frame, cancellationToken).ConfigureAwait(false);
            case "SendMessage":
                return await TracedAsync("chat.send", frame, () => OnSendMessageAsync(frame, cancellationToken)).ConfigureAwait(false);
            case "Typing":
                return await IfMemberAsync(frame, () => deps.Commands.TypingAsync(connection.UserId, frame.ChatId!.Value, cancellationToken), cancellationToken).ConfigureAwait(false);
            case "Read":
                return await TracedAsync("chat.read", frame, async () => frame.MsgId is not { } msgId
                    ? ServerFrame.Error("invalid_frame", "Read needs chatId and msgId.", frame.Ref)
                    : await IfMemberAsync(frame, () => deps.Commands.MarkReadAsync(connection.UserId, frame.ChatId!.Value, msgId, cancellationToken), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            default:
                return ServerFrame.Error("unknown_type", $"Unknown frame type '{Truncate(frame.Type)}'.", frame.Ref);
        }
    }

    /// <summary>Handles a frame inside a span of its own (a new trace); an answered error marks it failed.</summary>
    private async Task<ServerFrame?> TracedAsync(string name, ClientFrame frame, Func<Task<ServerFrame?>> handle)
    {
        using var activity = GatewayTelemetry.StartFrame(name, frame.ChatId, _connectionSpan);
        try
        {
            var error = await handle().ConfigureAwait(false);
            if (error is not null)
            {
                activity?.SetStatus(ActivityStatusCode.Error, error.Code);
            }

            return error;
        }
        catch (Exception e)
        {
            activity.RecordFailure(e);
            throw;
        }
    }

    private async Task<ServerFrame?> OnSubscribeAsync(ClientFrame frame, CancellationToken cancellationToken)
    {
        if (await CheckMemberAsync(frame, cancellationToken).ConfigureAwait(false) is { } error)
        {
            return error;
        }

        await deps.Registry.JoinAsync(connection, [frame.ChatId!.Value]).ConfigureAwait(false);
        connection.Send(new ServerFrame("Subscribed") { ChatId = frame.ChatId, Ref = frame.Ref });
        return null;
    }

    private async Task<ServerFrame?> OnSendMessageAsync(ClientFrame frame, CancellationToken cancellationToken)
    {
        var reference = frame.Ref ?? frame.Uuid;
        if (!Guid.TryParse(frame.Uuid, out var uuid) || uuid == Guid.Empty || frame.Body is not { } body || !MessageLimits.IsValidBody(body))
        {
            return ServerFrame.Error("invalid_frame", $"SendMessage needs uuid (a UUID), chatId and body (1-{MessageLimits.MaxBodyLength} characters, no control characters but line breaks and tabs).", reference);
        }

        if (await CheckMemberAsync(frame, cancellationToken).ConfigureAwait(false) is { } error)
        {
            return error with { Ref = reference };
        }

        if (!await deps.RateLimiter.TrySendAsync(connection.UserId, cancellationToken).ConfigureAwait(false))
        {
            return ServerFrame.Error("rate_limited", $"At most {deps.RateLimiter.Limits.MessagesPerSecond} messages per second.", reference);
        }

        // The sender's own socket must follow the chat to receive its Delivered.
        if (!deps.Registry.IsJoined(connection, frame.ChatId!.Value))
        {
            await deps.Registry.JoinAsync(connection, [frame.ChatId.Value]).ConfigureAwait(false);
        }

        await deps.Commands.SendAsync(connection.UserId, frame.ChatId.Value, uuid, body, Origin, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<ServerFrame?> IfMemberAsync(ClientFrame frame, Func<ValueTask> action, CancellationToken cancellationToken)
    {
        if (await CheckMemberAsync(frame, cancellationToken).ConfigureAwait(false) is { } error)
        {
            return error;
        }

        await action().ConfigureAwait(false);
        return null;
    }

    private async Task<ServerFrame?> CheckMemberAsync(ClientFrame frame, CancellationToken cancellationToken)
    {
        if (frame.ChatId is not { } chatId)
        {
            return ServerFrame.Error("invalid_frame", $"{frame.Type} needs chatId.", frame.Ref);
        }

        return await deps.Store.GetMembershipAsync(chatId, connection.UserId, cancellationToken).ConfigureAwait(false) switch
        {
            Membership.NoSuchChat => ServerFrame.Error("not_found", $"Chat {chatId} does not exist.", frame.Ref),
            Membership.NotMember => ServerFrame.Error("forbidden", $"You are not a member of chat {chatId}.", frame.Ref),
            _ => null,
        };
    }

    private static string Truncate(string? text) => text is { Length: > 40 } ? text[..40] : text ?? "";
}
