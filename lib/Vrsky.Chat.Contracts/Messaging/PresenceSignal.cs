namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>A gateway's report about one device (socket) of a user: it is alive (connect or heartbeat), or it left.</summary>
public sealed record PresenceSignal(long UserId, string DeviceId, PresenceSignalKind Kind);

public enum PresenceSignalKind
{
    Heartbeat,
    Disconnect,
}
