using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vrsky.DiscordBot.Tests.Infrastructure;

/// <summary>A bot process (gateway or worker) run from its build output, so a test can SIGKILL it mid-round.</summary>
internal sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private BotProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public IReadOnlyCollection<string> Output => _output;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static BotProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var port = FreePort.Next();
        var dll = Path.Combine(RepoPaths.Root, "Vrsky.DiscordBot", "bin", RepoPaths.Configuration, "net10.0", "Vrsky.DiscordBot.dll");
        var info = new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var bot = new BotProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) bot._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) bot._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    /// <summary>Waits for <c>/ready</c> (Discord session in gateway mode; NATS, database and consumer in worker mode).</summary>
    public async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Bot exited with {_process.ExitCode}:\n{string.Join('\n', _output.TakeLast(30))}");
            }

            try
            {
                return (await http.GetAsync($"http://127.0.0.1:{Port}/ready")).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "bot ready");
    }

    public async Task<string> GetAsync(string path)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync($"http://127.0.0.1:{Port}{path}");
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>SIGKILL: no shutdown, unacknowledged messages stay with JetStream.</summary>
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
