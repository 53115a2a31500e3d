using System.Diagnostics;
using RabbitMQ.Client.Exceptions;
using Vrsky.Chat.Contracts.Storage;

namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>
/// Holds work in process while the database or broker is unavailable, retrying with exponential backoff (0.2 s
/// doubling up to 5 s) for up to <see cref="Budget"/>: long enough to ride out a restart or failover, so accepted
/// work is neither requeued towards its delivery limit nor dead-lettered. Any other failure, and a transient one
/// past the budget, is rethrown for the caller to requeue or dead-letter.
/// </summary>
public static class TransientRetry
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public static bool IsTransient(Exception exception) => DatabaseErrors.IsTransient(exception) || exception is RabbitMQClientException or TimeoutException;

    /// <param name="retrying">Called before each wait with the failure and the delay, for logging.</param>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, Action<Exception, TimeSpan> retrying, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var delay = FirstDelay;
        while (true)
        {
            try
            {
                return await work(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransient(e) && Stopwatch.GetElapsedTime(started) + delay <= Budget)
            {
                retrying(e, delay);
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }
}
