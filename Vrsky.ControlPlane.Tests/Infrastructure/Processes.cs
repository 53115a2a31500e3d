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
}
