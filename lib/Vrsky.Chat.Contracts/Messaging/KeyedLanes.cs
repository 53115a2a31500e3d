namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>
/// Runs work one item at a time per key, in the order it was given, and different keys concurrently: at most
/// <c>maxConcurrency</c> items run at once, however many keys wait.
/// </summary>
internal sealed class KeyedLanes(int maxConcurrency)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Task> _tails = [];
    private readonly SemaphoreSlim _slots = new(maxConcurrency, maxConcurrency);

    /// <summary>Queues <paramref name="work"/> behind the key's earlier work; <paramref name="work"/> must not throw.</summary>
    public void Run(long key, Func<Task> work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_lock)
        {
            previous = _tails.GetValueOrDefault(key) ?? Task.CompletedTask;
            _tails[key] = done.Task;
        }

        _ = RunAfterAsync(key, previous, work, done);
    }

    private async Task RunAfterAsync(long key, Task previous, Func<Task> work, TaskCompletionSource done)
    {
        // Off the caller's thread even when the lane is idle: the caller is the broker's dispatch loop.
        await Task.Yield();
        await previous.ConfigureAwait(false);
        await _slots.WaitAsync().ConfigureAwait(false);
        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
            lock (_lock)
            {
                // An idle key leaves nothing behind; a later item already queued keeps its own tail.
                if (_tails.TryGetValue(key, out var tail) && tail == done.Task)
                {
                    _tails.Remove(key);
                }
            }

            done.SetResult();
        }
    }
}
