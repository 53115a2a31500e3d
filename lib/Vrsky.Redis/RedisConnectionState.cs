namespace Vrsky.Redis;

public enum RedisConnectionState
{
    /// <summary>Not connected yet (connects on first use), or the last first-connect attempt failed.</summary>
    Closed,

    Connecting,

    Open,

    /// <summary>The connection broke; commands queue (up to their timeout) while it is re-established.</summary>
    Reconnecting,

    Disposed,
}
