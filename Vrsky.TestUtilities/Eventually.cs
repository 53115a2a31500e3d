using System.Diagnostics;

namespace Vrsky.TestUtilities;

/// <summary>Awaits a condition with a deadline instead of sleeping a guessed amount of time.</summary>
public static class Eventually
{
    public static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string? because = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Condition not met within {timeout}{(because is null ? "" : ": " + because)}");
            }

            await Task.Delay(10);
        }
    }

    public static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string? because = null)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Condition not met within {timeout}{(because is null ? "" : ": " + because)}");
            }

            await Task.Delay(25);
        }
    }
}
