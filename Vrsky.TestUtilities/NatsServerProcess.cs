using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Vrsky.TestUtilities;

/// <summary>
/// A real nats-server on loopback for one test: free ports, temp dirs, readiness by polling,
/// kill and restart on the same port.
/// </summary>
public sealed class NatsServerProcess : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/nats-server";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(15);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly List<string> _args;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private NatsServerProcess(NatsServerOptions options, string workDir, int port, int? monitorPort, List<string> args, TestCertificate? cert)
    {
        Options = options;
        WorkDir = workDir;
        Port = port;
        MonitorPort = monitorPort;
        _args = args;
        Certificate = cert;
    }

    public NatsServerOptions Options { get; }

    public string WorkDir { get; }

    public int Port { get; }

    public int? MonitorPort { get; }

    public TestCertificate? Certificate { get; }

    /// <summary>nats://127.0.0.1:port (tls:// with TLS), without credentials.</summary>
    public string Url => $"{(Options.Tls ? "tls" : "nats")}://127.0.0.1:{Port}";

    /// <summary>Url with user:password when the server requires them.</summary>
    public string UrlWithCredentials => Options.User is null
        ? Url
        : $"{(Options.Tls ? "tls" : "nats")}://{Options.User}:{Options.Password}@127.0.0.1:{Port}";

    public string? MonitorUrl => MonitorPort is { } m ? $"http://127.0.0.1:{m}" : null;

    public bool IsRunning => _process is { HasExited: false };

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<NatsServerProcess> StartAsync(NatsServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = Create(options ?? new NatsServerOptions());
        await server.StartProcessAsync(cancellationToken);
        return server;
    }

    /// <summary>Builds the command line without starting, so a cluster can start nodes concurrently.</summary>
    public static NatsServerProcess Create(NatsServerOptions options)
    {
        var workDir = Directory.CreateTempSubdirectory("vrsky-nats-").FullName;
        var port = options.Port ?? FreePort.Next();
        var monitorPort = options.MonitorPort ?? (options.Monitoring || options.JetStream ? FreePort.Next() : null);
        var args = new List<string> { "-a", "127.0.0.1", "-p", port.ToString() };
        if (monitorPort is { } m)
        {
            args.AddRange(["-m", m.ToString()]);
        }

        if (options.ServerName is { } name)
        {
            args.AddRange(["-n", name]);
        }

        if (options.JetStream)
        {
            var storeDir = options.StoreDir ?? Path.Combine(workDir, "js");
            Directory.CreateDirectory(storeDir);
            args.AddRange(["-js", "-sd", storeDir]);
        }

        if (options.User is { } user)
        {
            args.AddRange(["--user", user, "--pass", options.Password ?? ""]);
        }

        if (options.Token is { } token)
        {
            args.AddRange(["--auth", token]);
        }

        TestCertificate? cert = null;
        if (options.Tls)
        {
            cert = TestCertificate.Create(workDir);
            args.AddRange(["--tls", "--tlscert", cert.CertFile, "--tlskey", cert.KeyFile]);
        }

        if (options.ConfigText is { } config)
        {
            var configFile = Path.Combine(workDir, "nats.conf");
            File.WriteAllText(configFile, config);
            args.AddRange(["-c", configFile]);
        }

        args.AddRange(options.ExtraArgs);
        return new NatsServerProcess(options, workDir, port, monitorPort, args, cert);
    }

    public async Task StartProcessAsync(CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in _args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {Executable}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitReadyAsync(cancellationToken);
    }

    /// <summary>Kills the server abruptly (no lame duck), as a crash would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
    }

    /// <summary>Kills (if running) and starts again with the same ports, dirs and arguments.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Kill();
        await StartProcessAsync(cancellationToken);
    }

    /// <summary>SIGUSR2 puts nats-server in lame duck mode: it tells clients (INFO ldm) to move, then exits.</summary>
    public async Task EnterLameDuckModeAsync()
    {
        using var signal = Process.Start(new ProcessStartInfo("kill", ["-USR2", _process!.Id.ToString()]) { UseShellExecute = false })!;
        await signal.WaitForExitAsync();
    }

    public async Task<string> GetMonitorAsync(string path, CancellationToken cancellationToken = default)
    {
        var baseUrl = MonitorUrl ?? throw new InvalidOperationException("Server started without a monitoring port");
        return await Http.GetStringAsync(baseUrl + path, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        await Task.Yield();
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
            // A JetStream store can still be flushing file handles for a moment; temp dirs are reclaimed anyway.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited with {_process.ExitCode}:\n{Output}");
            }

            if (await IsReadyAsync(cancellationToken))
            {
                return;
            }

            if (deadline.Elapsed > StartDeadline)
            {
                throw new TimeoutException($"nats-server not ready on port {Port} within {StartDeadline}:\n{Output}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (MonitorUrl is { } monitor)
        {
            try
            {
                using var response = await Http.GetAsync(monitor + "/healthz", cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
