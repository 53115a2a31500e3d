using System.Text;

namespace Vrsky.Redis;

/// <summary>A pub/sub message. <see cref="Pattern"/> is the matching pattern for PSUBSCRIBE deliveries, else null.</summary>
public readonly record struct RedisMessage(string Channel, ReadOnlyMemory<byte> Payload, string? Pattern = null)
{
    /// <summary>The payload decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);
}
