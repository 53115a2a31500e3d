namespace Vrsky.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline, polling; never a fixed sleep standing in for synchronisation.</summary>
internal static class Eventually
{
    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan timeout) =>
        TrueAsync(() => Task.FromResult(condition()), timeout);

    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }
}
