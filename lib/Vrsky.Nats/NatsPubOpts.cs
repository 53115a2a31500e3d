using System.Text.Json;

namespace Vrsky.Nats;

public sealed record NatsPubOpts
{
    /// <summary>JSON options for this publish; the connection's <see cref="NatsOpts.SerializerOptions"/> when null.</summary>
    public JsonSerializerOptions? SerializerOptions { get; init; }
}
