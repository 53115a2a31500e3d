using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vrsky.TestUtilities;

/// <summary>
/// A Vrsky service run by the test itself from its build output, so a test can kill it (SIGKILL, mid-stream) and
/// start it again; the AppHost's orchestrator keeps its own processes to itself.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public IReadOnlyCollection<string> Output => _output;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="project"/> (its folder and assembly name) on a free loopback port without waiting for it.</summary>
    public static ServiceProcess Start(string project, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var port = FreePort.Next();
        var dll = Path.Combine(RepoPaths.Root, project, "bin", RepoPaths.Configuration, "net10.0", project + ".dll");
        var info = new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // As the AppHost runs projects locally.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var service = new ServiceProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Starts the service and waits for its <c>/health</c>.</summary>
    public static async Task<ServiceProcess> StartAsync(string project, IReadOnlyDictionary<string, string> environment)
    {
        var service = Start(project, environment);
        await service.WaitHealthyAsync();
        return service;
    }

    /// <summary>Readiness as the service reports it: every health check passes.</summary>
    public Task WaitHealthyAsync() => WaitForSuccessAsync("/health");

    /// <summary>For services with a separate <c>/ready</c> (the Discord bot: session or NATS and database ready).</summary>
    public Task WaitReadyAsync() => WaitForSuccessAsync("/ready");

    public async Task<string> GetAsync(string path)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync($"http://127.0.0.1:{Port}{path}");
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>SIGKILL: no graceful shutdown, unacknowledged work stays with the broker.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitForSuccessAsync(string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Service exited with {_process.ExitCode}:\n{string.Join('\n', _output.TakeLast(30))}");
            }

            try
            {
                return (await http.GetAsync($"http://127.0.0.1:{Port}{path}")).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, StartDeadline, $"{path} answered");
    }
}
