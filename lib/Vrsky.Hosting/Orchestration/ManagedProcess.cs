using System.Diagnostics;
using System.Runtime.InteropServices;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Orchestration;

/// <summary>One running server or project instance, in its own process group, with its output captured line by line.</summary>
public sealed partial class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ChildProcessWatchdog _watchdog;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(Process process, ChildProcessWatchdog watchdog)
    {
        _process = process;
        _watchdog = watchdog;
    }

    public int Pid => _process.Id;

    /// <summary>Completes with the exit code once the process has exited and its output is fully read.</summary>
    public Task<int> Exited => _exited.Task;

    public static ManagedProcess Start(LocalProcessSpec spec, ChildProcessWatchdog watchdog, Action<string, bool> onLine)
    {
        var process = new Process { StartInfo = ProcessRunner.CreateStartInfo(spec, ownSession: true), EnableRaisingEvents = true };
        var managed = new ManagedProcess(process, watchdog);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data, false); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data, true); };
        process.Exited += (_, _) => managed.OnExited();
        if (!process.Start())
        {
            throw new DistributedApplicationException($"Could not start '{spec.FileName}'.");
        }

        // setsid execs in place, so the pid is also the id of the new process group.
        watchdog.Track(process.Id);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    private void OnExited()
    {
        // Leftovers such as RabbitMQ's epmd hold the output pipes open; they go first, then WaitForExit() (which
        // returns only once the redirected streams reach EOF) makes sure no line is lost.
        KillGroup(Signals.SIGKILL);
        _process.WaitForExit();
        _watchdog.Forget(_process.Id);
        _exited.TrySetResult(_process.ExitCode);
    }

    /// <summary>Asks the process to stop with <paramref name="signal"/>; kills its whole group after <paramref name="grace"/>.</summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        if (_exited.Task.IsCompleted)
        {
            return;
        }

        _ = kill(Pid, signal);
        if (await Task.WhenAny(_exited.Task, Task.Delay(grace)).ConfigureAwait(false) != _exited.Task)
        {
            KillGroup(Signals.SIGKILL);
            await _exited.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Leftovers such as epmd or a shell's children die with the group.</summary>
    private void KillGroup(int signal) => _ = kill(-Pid, signal);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(Signals.SIGTERM, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _process.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
