using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vrsky.Nats.Bench;

/// <summary>One nats-server with JetStream on a free loopback port and a temp store dir, killed on dispose.</summary>
internal sealed class NatsServerLauncher : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/nats-server";

    private readonly Process _process;
    private readonly string _workDir;

    private NatsServerLauncher(Process process, string workDir, int port)
    {
        _process = process;
        _workDir = workDir;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public static async Task<NatsServerLauncher> StartAsync()
    {
        var workDir = Directory.CreateTempSubdirectory("vrsky-bench-").FullName;
        var port = Vrsky.TestUtilities.FreePort.Next();
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-a", "127.0.0.1", "-p", port.ToString(), "-js", "-sd", Path.Combine(workDir, "js") })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Executable}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new NatsServerLauncher(process, workDir, port);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited with {process.ExitCode}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // Temp dirs are reclaimed anyway.
        }
    }
}
