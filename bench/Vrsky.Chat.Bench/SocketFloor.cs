using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vrsky.Chat.Bench;

/// <summary>
/// What one idle WebSocket costs in a bare ASP.NET Core process (no auth, database or gateway code): the floor
/// under the gateway's own figure. The clients are raw sockets in this process, so the same run measures two
/// plain sockets per connection ("raw", a TcpListener) and an HTTP request held open without the upgrade ("http").
/// </summary>
internal static class SocketFloor
{
    private const int WarmUp = 200;

    public static async Task RunAsync(int sockets)
    {
        foreach (var mode in new[] { "raw", "http", "ws" })
        {
            Console.WriteLine($"{mode,-4}: {await MeasureAsync(mode, sockets) / 1024:F1} KB managed per connection, server and client side (live after a full GC)");
        }
    }

    // Managed memory only: RSS within one process is not separable (the GC reuses what an earlier mode freed).
    private static async Task<double> MeasureAsync(string mode, int sockets)
    {
        var accepted = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseWebSockets();
        app.Map("/ws", async (HttpContext http) =>
        {
            if (mode == "http")
            {
                await http.Response.WriteAsync("HTTP/1.1 200 held\r\n\r\n", http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                Interlocked.Increment(ref accepted);
                await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            // As the gateway does: keep-alive pings, and a zero-byte read that holds no buffer while idle.
            using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.FromSeconds(30) });
            Interlocked.Increment(ref accepted);
            try
            {
                while ((await socket.ReceiveAsync(Memory<byte>.Empty, http.RequestAborted)).MessageType != WebSocketMessageType.Close)
                {
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The run is over.
            }
        });
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        var held = new List<Socket>();
        if (mode == "raw")
        {
            listener.Start(1024);
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _ = AcceptRawAsync(listener, held, () => Interlocked.Increment(ref accepted));
        }

        // A 600-character bearer token, as long as the gateway's access tokens: the request headers stay alive with the socket.
        var request = Encoding.ASCII.GetBytes(
            "GET /ws HTTP/1.1\r\nHost: bench\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
            $"Sec-WebSocket-Version: 13\r\nAuthorization: Bearer {new string('t', 600)}\r\n\r\n");
        var clients = new List<Socket>();
        await ConnectAsync(port, request, WarmUp, clients);
        await Eventually.WaitAsync(() => Volatile.Read(ref accepted) >= WarmUp, TimeSpan.FromMinutes(1), "warm-up sockets accepted");
        var before = LiveBytes();
        await ConnectAsync(port, request, sockets, clients);
        await Eventually.WaitAsync(() => Volatile.Read(ref accepted) >= WarmUp + sockets, TimeSpan.FromMinutes(2), "sockets accepted");
        var after = LiveBytes();

        foreach (var client in clients)
        {
            client.Dispose();
        }

        lock (held)
        {
            held.ForEach(s => s.Dispose());
        }

        return (after - before) / (double)sockets;
    }

    private static async Task AcceptRawAsync(TcpListener listener, List<Socket> held, Action accepted)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync();
                await socket.ReceiveAsync(buffer.AsMemory());
                await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 101 raw\r\n\r\n"));
                lock (held)
                {
                    held.Add(socket);
                }

                accepted();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The listener was stopped.
        }
    }

    private static async Task ConnectAsync(int port, byte[] request, int count, List<Socket> clients)
    {
        var buffer = new byte[1024];
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port);
            await socket.SendAsync(request);
            var read = 0;
            while (buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8) < 0)
            {
                read += await socket.ReceiveAsync(buffer.AsMemory(read));
            }

            clients.Add(socket);
        }
    }

    private static long LiveBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
