using System.Net.Sockets;
using System.Text;

namespace Vrsky.Tests.Infrastructure;

/// <summary>Sends Redis commands over RESP on a fresh connection and returns the raw replies (enough for tests).</summary>
internal static class Resp
{
    public static async Task<string> SendAsync(string connectionString, params string[][] commands)
    {
        var parts = connectionString.Split(',');
        var port = int.Parse(parts[0].Split(':')[1]);
        var password = parts.Single(p => p.StartsWith("password=", StringComparison.Ordinal))["password=".Length..];
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var request = new StringBuilder();
        foreach (var command in commands.Prepend(["AUTH", password]))
        {
            request.Append('*').Append(command.Length).Append("\r\n");
            foreach (var arg in command)
            {
                request.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
            }
        }

        // A trailing PING marks the end of the replies.
        request.Append("*1\r\n$4\r\nPING\r\n");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        var reply = new StringBuilder();
        var buffer = new byte[4096];
        while (!reply.ToString().EndsWith("+PONG\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            if (read == 0)
            {
                break;
            }

            reply.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return reply.ToString();
    }
}
