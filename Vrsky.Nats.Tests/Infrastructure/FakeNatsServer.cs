using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vrsky.Nats.Tests.Infrastructure;

/// <summary>
/// A TcpListener that speaks just enough NATS: sends INFO, answers the handshake PING with PONG
/// (unless told to send something else instead), then writes a line the test chooses.
/// </summary>
public sealed class FakeNatsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly string _info;
    private readonly string? _handshakeReply;
    private readonly string? _afterHandshake;

    /// <param name="afterHandshake">Raw text sent once the client is connected (include \r\n).</param>
    /// <param name="handshakeReply">Sent instead of PONG to the client's first PING, e.g. "-ERR 'Authorization Violation'\r\n".</param>
    /// <param name="info">INFO JSON; a plain one by default.</param>
    public FakeNatsServer(string? afterHandshake = null, string? handshakeReply = null, string? info = null)
    {
        _afterHandshake = afterHandshake;
        _handshakeReply = handshakeReply;
        _listener.Start();
        _info = info ?? $"{{\"server_id\":\"FAKE\",\"version\":\"2.9.10\",\"proto\":1,\"headers\":true,\"max_payload\":1048576,\"host\":\"127.0.0.1\",\"port\":{Port}}}";
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"nats://127.0.0.1:{Port}";

    public int ConnectionCount { get; private set; }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            ConnectionCount++;
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            await WriteAsync(stream, $"INFO {_info}\r\n");
            var handshakeDone = false;
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (!line.StartsWith("PING", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!handshakeDone && _handshakeReply is not null)
                {
                    await WriteAsync(stream, _handshakeReply);
                    handshakeDone = true;
                    continue;
                }

                await WriteAsync(stream, "PONG\r\n");
                if (!handshakeDone)
                {
                    handshakeDone = true;
                    if (_afterHandshake is not null)
                    {
                        await WriteAsync(stream, _afterHandshake);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private Task WriteAsync(NetworkStream stream, string text) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), _stop.Token).AsTask();
}
