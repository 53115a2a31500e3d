using Microsoft.Extensions.Logging.Abstractions;
using Vrsky.DiscordBot.Modes;

namespace Vrsky.DiscordBot.Tests.Modes;

public sealed class BoundedBackgroundWorkTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task StartingBeyondTheLimitWaitsUntilRunningWorkFinishes()
    {
        var work = new BoundedBackgroundWork(2, NullLogger.Instance);
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        var thirdStarted = new TaskCompletionSource();

        await work.StartAsync(() => first.Task, CancellationToken.None).AsTask().WaitAsync(Deadline);
        await work.StartAsync(() => second.Task, CancellationToken.None).AsTask().WaitAsync(Deadline);
        var third = work.StartAsync(() => { thirdStarted.SetResult(); return Task.CompletedTask; }, CancellationToken.None).AsTask();

        // Both slots are held by unfinished work, so the third cannot have a slot however long it waits.
        Assert.Equal(2, work.Running);
        Assert.False(third.IsCompleted);
        Assert.False(thirdStarted.Task.IsCompleted);

        first.SetResult();
        await third.WaitAsync(Deadline);
        await thirdStarted.Task.WaitAsync(Deadline);
        second.SetResult();
        await Eventually.WaitAsync(() => work.Running == 0, Deadline, "every slot free again");
    }

    [Fact]
    public async Task FailedWorkFreesItsSlot()
    {
        var work = new BoundedBackgroundWork(1, NullLogger.Instance);

        await work.StartAsync(() => Task.FromException(new InvalidOperationException("boom")), CancellationToken.None);
        await work.StartAsync(() => throw new InvalidOperationException("thrown before the first await"), CancellationToken.None).AsTask().WaitAsync(Deadline);

        await Eventually.WaitAsync(() => work.Running == 0, Deadline, "the slot freed after the failures");
    }

    [Fact]
    public async Task WaitingForASlotStopsWithCancellation()
    {
        var work = new BoundedBackgroundWork(1, NullLogger.Instance);
        var blocker = new TaskCompletionSource();
        await work.StartAsync(() => blocker.Task, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = work.StartAsync(() => Task.CompletedTask, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Deadline));
        blocker.SetResult();
    }
}
