using System.Diagnostics;

namespace Vrsky.Redis.Tests.Infrastructure;

/// <summary>Polls a condition until a deadline instead of sleeping a guessed amount of time.</summary>
public static class Eventually
{
    public static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Not within {timeout}: {because}");
            }

            await Task.Delay(10);
        }
    }
}
