namespace Vrsky.Redis.Internal;

/// <summary>Exponential reconnect backoff with jitter, so many clients do not reconnect in lockstep.</summary>
internal static class Backoff
{
    public static TimeSpan Next(TimeSpan current, TimeSpan max) =>
        TimeSpan.FromTicks(Math.Min(Math.Max(current.Ticks, TimeSpan.TicksPerMillisecond) * 2, max.Ticks));

    public static TimeSpan WithJitter(TimeSpan delay) =>
        delay + TimeSpan.FromTicks((long)(delay.Ticks * 0.2 * Random.Shared.NextDouble()));
}
