namespace Vrsky.Nats;

public sealed record NatsRequestOpts
{
    /// <summary>How long to wait for the reply; <see cref="NatsOpts.RequestTimeout"/> when null.</summary>
    public TimeSpan? Timeout { get; init; }
}
