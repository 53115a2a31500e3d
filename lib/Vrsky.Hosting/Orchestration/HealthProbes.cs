using System.Net.Sockets;
using System.Text;

namespace Vrsky.Hosting.Orchestration;

/// <summary>Protocol-level checks that a server really serves, not just that its port is open.</summary>
public static class HealthProbes
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public static async Task<bool> HttpOkAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>AUTH then PING over RESP; healthy on <c>+PONG</c>.</summary>
    public static async Task<bool> RedisPingAsync(int port, string password, CancellationToken cancellationToken)
    {
        var reply = await ExchangeAsync(port, Encoding.UTF8.GetBytes(
            $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n*1\r\n$4\r\nPING\r\n"), "+PONG", cancellationToken).ConfigureAwait(false);
        return reply.Contains("+PONG", StringComparison.Ordinal);
    }

    /// <summary>Sends the AMQP 0-9-1 protocol header; a broker ready for clients answers with a Connection.Start method frame.</summary>
    public static async Task<bool> AmqpHandshakeAsync(int port, CancellationToken cancellationToken)
    {
        var reply = await ExchangeAsync(port, "AMQP\0\0\x09\x01"u8.ToArray(), null, cancellationToken).ConfigureAwait(false);
        return reply.Length > 0 && reply[0] == '\x01';
    }

    private static async Task<string> ExchangeAsync(int port, byte[] request, string? until, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync(request, timeout.Token).ConfigureAwait(false);
            var buffer = new byte[512];
            var received = new StringBuilder();
            do
            {
                var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                received.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
            while (until is not null && !received.ToString().Contains(until, StringComparison.Ordinal));

            return received.ToString();
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return "";
        }
    }
}
