using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vrsky.Chat.Tests.Infrastructure;

/// <summary>
/// A chat service run by the test itself from its build output, so a test can kill it (SIGKILL, mid-stream) and
/// start it again; the AppHost's orchestrator keeps its own processes to itself.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
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

    public static async Task<ServiceProcess> StartAsync(string project, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort.Next();
        var dll = Path.Combine(RepoPaths.Root, project, "bin", RepoPaths.Configuration, "net10.0", project + ".dll");
        var info = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
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
        await service.WaitHealthyAsync();
        return service;
    }

    private async Task WaitHealthyAsync()
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
                return (await http.GetAsync($"http://127.0.0.1:{Port}/health")).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "service healthy");
    }

    /// <summary>SIGKILL: no graceful shutdown, unacked work stays with the broker.</summary>
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
}
