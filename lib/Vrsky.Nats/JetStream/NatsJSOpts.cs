namespace Vrsky.Nats.JetStream;

/// <summary>Options of a <see cref="NatsJSContext"/>.</summary>
public sealed record NatsJSOpts
{
    public static readonly NatsJSOpts Default = new();

    /// <summary>Subject prefix of the JetStream API; <c>$JS.API</c> unless the account imports it elsewhere.</summary>
    public string ApiPrefix { get; init; } = "$JS.API";

    /// <summary>A JetStream domain (leaf nodes); when set the API is <c>$JS.&lt;domain&gt;.API</c> and <see cref="ApiPrefix"/> is ignored.</summary>
    public string? Domain { get; init; }

    /// <summary>Timeout of API requests and publish acks; the connection's request timeout when null.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>
    /// How long a request answered with 503 (no responders) is retried. Nobody received such a request,
    /// so a retry cannot duplicate it; this rides out a stream or meta leader election.
    /// </summary>
    public TimeSpan NoRespondersRetry { get; init; } = TimeSpan.FromSeconds(5);

    internal string EffectivePrefix => Domain is null ? ApiPrefix : $"$JS.{Domain}.API";
}
