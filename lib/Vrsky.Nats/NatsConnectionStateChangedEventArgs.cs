namespace Vrsky.Nats;

/// <summary>A connection state transition; <see cref="Error"/> says why the connection was lost, when it was.</summary>
public sealed class NatsConnectionStateChangedEventArgs(NatsConnectionState previous, NatsConnectionState current, string? serverUrl, Exception? error = null) : EventArgs
{
    public NatsConnectionState PreviousState { get; } = previous;

    public NatsConnectionState State { get; } = current;

    /// <summary>Server the connection is (or was) attached to, without credentials.</summary>
    public string? ServerUrl { get; } = serverUrl;

    public Exception? Error { get; } = error;
}
