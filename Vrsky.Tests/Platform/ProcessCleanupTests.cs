using System.Diagnostics;
using System.Globalization;
using Vrsky.Tests.Infrastructure;
using Vrsky.TestUtilities;

namespace Vrsky.Tests.Platform;

public sealed class ProcessCleanupTests
{
    [Fact]
    public async Task NoChildProcessSurvivesTheAppHostBeingKilledWithSigkill()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(TestPaths.AppHostDll);
        info.Environment["Vrsky__Hosting__RandomizePorts"] = "true";
        info.Environment["Dashboard__Url"] = "http://127.0.0.1:0";
        using var appHost = Process.Start(info)!;
        var healthy = new TaskCompletionSource();
        appHost.OutputDataReceived += (_, e) => { if (e.Data?.Contains("resources are healthy") == true) healthy.TrySetResult(); };
        appHost.BeginOutputReadLine();
        appHost.BeginErrorReadLine();

        try
        {
            await healthy.Task.WaitAsync(TimeSpan.FromMinutes(2));
            var descendants = ProcessTree.DescendantsOf(appHost.Id);
            Assert.Contains(descendants, pid => ProcessTree.CommandLine(pid).Contains("nats-server"));
            Assert.Contains(descendants, pid => ProcessTree.CommandLine(pid).Contains("beam.smp"));
            Assert.Contains(descendants, pid => ProcessTree.CommandLine(pid).Contains("Vrsky.Gateway.dll"));

            appHost.Kill(entireProcessTree: false);

            try
            {
                await Eventually.WaitAsync(() => descendants.All(pid => !ProcessTree.IsAlive(pid)), TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                Assert.Fail("still alive: " + string.Join("; ", descendants.Where(ProcessTree.IsAlive).Select(ProcessTree.CommandLine)));
            }
        }
        finally
        {
            if (!appHost.HasExited)
            {
                appHost.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Reads the process tree from /proc.</summary>
    private static class ProcessTree
    {
        public static List<int> DescendantsOf(int root)
        {
            var parents = Directory.EnumerateDirectories("/proc")
                .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
                .Where(pid => pid > 0)
                .Select(pid => (Pid: pid, Parent: ParentOf(pid)))
                .ToList();
            var found = new List<int>();
            var frontier = new Queue<int>([root]);
            while (frontier.TryDequeue(out var current))
            {
                foreach (var child in parents.Where(p => p.Parent == current).Select(p => p.Pid))
                {
                    found.Add(child);
                    frontier.Enqueue(child);
                }
            }

            return found;
        }

        /// <summary>A zombie has exited; only its parent has yet to collect it.</summary>
        public static bool IsAlive(int pid) => Stat(pid) is { } stat && stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';

        public static string CommandLine(int pid)
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            }
            catch (IOException)
            {
                return "";
            }
        }

        private static int ParentOf(int pid) =>
            Stat(pid) is { } stat ? int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture) : 0;

        private static string? Stat(int pid)
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
