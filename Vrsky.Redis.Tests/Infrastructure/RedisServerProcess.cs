using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Vrsky.Redis.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port with a password and no persistence. Ready when it answers
/// AUTH+PING (polled with a deadline); killed on dispose. <see cref="RestartAsync"/> keeps the port.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(10);
    private Process? _process;

    private RedisServerProcess(int port, string password)
    {
        Port = port;
        Password = password;
    }

    public int Port { get; }

    public string Password { get; }

    /// <summary>The Aspire format the services receive.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},password={Password}";

    public RedisOpts Opts => RedisOpts.FromConnectionString(ConnectionString);

    public static async Task<RedisServerProcess> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install it with 'apt-get install redis-server'.");
        }

        var server = new RedisServerProcess(FreePort.Next(), "pw-" + Guid.NewGuid().ToString("N"));
        await server.LaunchAsync();
        return server;
    }

    public async Task StopAsync()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task LaunchAsync()
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--requirepass", Password,
                     "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", Path.GetTempPath(),
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var watch = Stopwatch.StartNew();
        while (!await AnswersPingAsync())
        {
            if (process.HasExited || watch.Elapsed > StartDeadline)
            {
                string log;
                lock (output)
                {
                    log = output.ToString();
                }

                await StopAsync();
                throw new InvalidOperationException($"redis-server on port {Port} did not become ready within {StartDeadline}:\n{log}");
            }

            await Task.Delay(10);
        }
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
            var stream = client.GetStream();
            var request = $"*2\r\n$4\r\nAUTH\r\n${Password.Length}\r\n{Password}\r\n*1\r\n$4\r\nPING\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
            var buffer = new byte[64];
            var received = new StringBuilder();
            while (!received.ToString().Contains("+PONG", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return false;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return true;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
