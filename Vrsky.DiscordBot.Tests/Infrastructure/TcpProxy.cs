using System.Net;
using System.Net.Sockets;

namespace Vrsky.DiscordBot.Tests.Infrastructure;

/// <summary>
/// Forwards a local port to a server until <see cref="CutAsync"/>, after which every connection is reset and new ones
/// are refused: the server as a client sees it when it goes down, while the real one keeps serving the other tests.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly DnsEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;

    public TcpProxy(string host, int port)
    {
        _target = new DnsEndPoint(host, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async Task CutAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                try
                {
                    // A reset, not a polite close: the server is gone, not shutting down.
                    connection.Client?.LingerState = new LingerOption(true, 0);
                }
                catch (ObjectDisposedException)
                {
                    // Closed by its copy loop meanwhile.
                }

                connection.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await CutAsync();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var server = new TcpClient();
            lock (_connections)
            {
                _connections.Add(client);
                _connections.Add(server);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await server.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                    await Task.WhenAny(
                        client.GetStream().CopyToAsync(server.GetStream(), _stop.Token),
                        server.GetStream().CopyToAsync(client.GetStream(), _stop.Token));
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // One side went away.
                }
                finally
                {
                    client.Dispose();
                    server.Dispose();
                }
            });
        }
    }
}
