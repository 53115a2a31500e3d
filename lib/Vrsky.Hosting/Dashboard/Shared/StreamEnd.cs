namespace Vrsky.Hosting.Dashboard.Shared;

/// <summary>Ends a watch a server-sent-event stream reads from, when the browser has gone away.</summary>
internal static class StreamEnd
{
    /// <summary>
    /// A read may still be pending, and an async iterator refuses to be disposed mid-read (its watcher would stay
    /// registered for good): cancel the read, let it finish, then dispose.
    /// </summary>
    public static async Task StopAsync<T>(IAsyncEnumerator<T> watch, CancellationTokenSource stop, Task? pendingRead)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        if (pendingRead is not null)
        {
            await pendingRead.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
        }

        await watch.DisposeAsync().ConfigureAwait(false);
    }
}
