using System.Net.WebSockets;
using System.Text.Json;

namespace Vrsky.DiscordEmulator.Gateway;

/// <summary>One bot session: every dispatch it was sent (for RESUME replay) and its current socket, if connected.</summary>
internal sealed class GatewaySession(string id)
{
    public string Id { get; } = id;

    public List<(long Seq, string Name, JsonElement Data)> Sent { get; } = [];

    public long Seq { get; set; }

    public WebSocket? Socket { get; set; }

    public SemaphoreSlim SendLock { get; set; } = new(1, 1);
}
