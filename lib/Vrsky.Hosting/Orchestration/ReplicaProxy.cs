using System.Net;
using System.Net.Sockets;

namespace Vrsky.Hosting.Orchestration;

/// <summary>
/// Listens on a project's endpoint and spreads TCP connections round-robin over its replicas, as a Kubernetes
/// Service would, so HTTP and WebSocket clients use one address whatever the replica count.
/// </summary>
internal sealed class ReplicaProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IReadOnlyList<int> _targets;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _next;

    public ReplicaProxy(int port, IReadOnlyList<int> targetPorts)
    {
        _targets = targetPorts;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    /// <summary>Tries each replica once, starting with the next in turn, so a stopped replica is skipped.</summary>
    private async Task ForwardAsync(Socket client)
    {
        using (client)
        {
            var start = Interlocked.Increment(ref _next);
            for (var attempt = 0; attempt < _targets.Count; attempt++)
            {
                var port = _targets[(int)((uint)(start + attempt) % (uint)_targets.Count)];
                using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await upstream.ConnectAsync(IPAddress.Loopback, port, _stop.Token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    continue;
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                await Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client)).ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>Copies one direction; end of stream is passed on as a half-close, a failure closes both sockets.</summary>
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            from.Close();
            to.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
