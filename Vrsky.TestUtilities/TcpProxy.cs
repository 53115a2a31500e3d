using System.Net;
using System.Net.Sockets;

namespace Vrsky.TestUtilities;

/// <summary>
/// A loopback TCP proxy in front of a server that a test can cut while the real server keeps serving other tests:
/// <see cref="CutAll"/> resets every live connection (a dropped link; new connections still get through),
/// <see cref="StopAsync"/> also refuses new ones (the server gone, as its clients see it).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _live = [];
    private readonly Task _acceptLoop;

    public TcpProxy(int targetPort, string targetHost = "127.0.0.1")
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far (reconnects show up as new ones).</summary>
    public int AcceptedCount { get; private set; }

    public void CutAll()
    {
        lock (_live)
        {
            foreach (var client in _live)
            {
                try
                {
                    // RST rather than FIN: the client sees an abrupt failure, not a polite close.
                    client.Client?.LingerState = new LingerOption(true, 0);
                }
                catch (ObjectDisposedException)
                {
                    // Closed by its copy loop meanwhile.
                }

                client.Dispose();
            }

            _live.Clear();
        }
    }

    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var downstream = await _listener.AcceptTcpClientAsync(_stop.Token);
            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                downstream.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_live)
            {
                AcceptedCount++;
                _live.Add(downstream);
                _live.Add(upstream);
            }

            _ = PumpAsync(downstream, upstream);
            _ = PumpAsync(upstream, downstream);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // One side went away.
        }
        finally
        {
            // A closed pair is forgotten, so a long-lived proxy does not keep every connection it ever carried.
            lock (_live)
            {
                _live.Remove(from);
                _live.Remove(to);
            }

            from.Dispose();
            to.Dispose();
        }
    }
}
