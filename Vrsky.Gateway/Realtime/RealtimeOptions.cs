namespace Vrsky.Gateway.Realtime;

/// <summary>WebSocket limits, bound from the <c>Realtime</c> section.</summary>
public sealed class RealtimeOptions
{
    public const string SectionName = "Realtime";

    /// <summary>Largest client frame accepted; larger ones get an <c>Error</c> (the connection survives).</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Server frames queued for one socket; past this the client is too slow and is disconnected.</summary>
    public int SendBufferFrames { get; set; } = 512;

    /// <summary>Consecutive bad frames after which the socket is closed with a policy violation.</summary>
    public int MaxBadFrames { get; set; } = 10;

    /// <summary>How long a close handshake may take before the socket is aborted.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
