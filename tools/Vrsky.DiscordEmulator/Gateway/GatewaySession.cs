using System.Net.WebSockets;
using System.Text.Json;

namespace Vrsky.DiscordEmulator.Gateway;

/// <summary>One bot session: its latest dispatches (for RESUME replay) and its current socket, if connected.</summary>
internal sealed class GatewaySession(string id)
{
    private readonly Queue<(long Seq, string Name, JsonElement Data)> _sent = new();

    public string Id { get; } = id;

    /// <summary>The latest dispatches, oldest first; at most the replay buffer's size.</summary>
    public IEnumerable<(long Seq, string Name, JsonElement Data)> Sent => _sent;

    public long Seq { get; set; }

    public WebSocket? Socket { get; set; }

    /// <summary>When the session last had a connection (its socket set or dropped); old ones without a socket expire.</summary>
    public required DateTimeOffset LastConnected { get; set; }

    public SemaphoreSlim SendLock { get; set; } = new(1, 1);

    /// <summary>Keeps a dispatch for replay, forgetting the oldest beyond <paramref name="capacity"/> (a long-gone client must not grow memory).</summary>
    public void Keep(long seq, string name, JsonElement data, int capacity)
    {
        _sent.Enqueue((seq, name, data));
        while (_sent.Count > capacity)
        {
            _sent.Dequeue();
        }
    }

    /// <summary>Whether every dispatch after <paramref name="seq"/> is still kept (the kept ones are the latest, without gaps).</summary>
    public bool CanReplayAfter(long seq) => seq >= Seq - _sent.Count;
}
