using Xunit.Abstractions;

namespace Vrsky.DiscordBot.Tests.Infrastructure;

/// <summary>Bot processes a test started, by name; their last output goes to the test log when the test fails.</summary>
public sealed class BotProcesses(ITestOutputHelper output) : IAsyncDisposable
{
    private readonly List<(string Name, ServiceProcess Process)> _processes = [];

    public ServiceProcess Start(string name, IReadOnlyDictionary<string, string> environment)
    {
        var process = ServiceProcess.Start("Vrsky.DiscordBot", environment);
        _processes.Add((name, process));
        return process;
    }

    public Task WaitReadyAsync() => Task.WhenAll(_processes.Select(p => p.Process.WaitReadyAsync()));

    /// <summary>Runs the test's steps, writing each process's last lines of output if one fails.</summary>
    public async Task RunAsync(Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch
        {
            foreach (var (name, process) in _processes)
            {
                output.WriteLine($"--- {name}\n{string.Join('\n', process.Output.TakeLast(60))}");
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process) in _processes)
        {
            await process.DisposeAsync();
        }
    }
}
