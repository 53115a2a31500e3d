using System.Diagnostics;
using System.Globalization;

namespace Vrsky.Hosting.Orchestration;

/// <summary>
/// A small shell process, in a session of its own, that outlives the AppHost only to clean up after it: when the
/// AppHost dies (even by SIGKILL, which runs no .NET code), it kills the process group of every server still
/// listed and removes the run's temporary directory. The list is rewritten whole on every change.
/// </summary>
public sealed class ChildProcessWatchdog : IDisposable
{
    private const string Script = """
        apphost=$1; list=$2; scratch=$3
        while kill -0 "$apphost" 2>/dev/null; do sleep 0.2; done
        if [ -f "$list" ]; then
          while read -r pgid; do [ -n "$pgid" ] && kill -KILL "-$pgid" 2>/dev/null; done < "$list"
        fi
        [ -n "$scratch" ] && rm -rf "$scratch"
        rm -f "$list"
        """;

    private readonly string _listPath;
    private readonly HashSet<int> _groups = [];
    private readonly Lock _gate = new();
    private readonly Process _process;

    public ChildProcessWatchdog(string listPath, string? scratchDirectory)
    {
        _listPath = listPath;
        File.WriteAllText(_listPath, "");
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var arg in new[] { "sh", "-c", Script, "vrsky-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), listPath, scratchDirectory ?? "" })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new DistributedApplicationException("Could not start the child-process watchdog.");
    }

    public void Track(int processGroup) => Update(() => _groups.Add(processGroup));

    public void Forget(int processGroup) => Update(() => _groups.Remove(processGroup));

    private void Update(Func<bool> change)
    {
        lock (_gate)
        {
            if (!change())
            {
                return;
            }

            var temp = _listPath + ".tmp";
            File.WriteAllLines(temp, _groups.Select(g => g.ToString(CultureInfo.InvariantCulture)));
            File.Move(temp, _listPath, overwrite: true);
        }
    }

    /// <summary>Called after an orderly stop: nothing is left to clean, so the watchdog can go.</summary>
    public void Dispose()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            File.Delete(_listPath);
        }
        catch (DirectoryNotFoundException)
        {
            // Its folder was removed first: nothing is left to delete.
        }
    }
}
