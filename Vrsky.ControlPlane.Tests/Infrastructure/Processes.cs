using System.Diagnostics;

namespace Vrsky.ControlPlane.Tests.Infrastructure;

internal static class Processes
{
    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Running nats-server processes whose command line names the instance (its config lives in a folder named by its id).</summary>
    public static IReadOnlyList<int> NatsServersOf(Guid instanceId) =>
        [.. Process.GetProcessesByName("nats-server")
            .Select(p =>
            {
                using (p)
                {
                    return p.Id;
                }
            })
            .Where(pid => CommandLine(pid).Contains(instanceId.ToString("N"), StringComparison.Ordinal))];

    private static string CommandLine(int pid)
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
}
