namespace Vrsky.Nats;

public enum NatsConnectionState
{
    Closed,
    Connecting,
    Open,
    Reconnecting,
}
