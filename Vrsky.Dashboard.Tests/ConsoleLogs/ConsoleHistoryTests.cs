using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Dashboard.Tests.ConsoleLogs;

/// <summary>The console history a resource's process fills: bounded in lines and in the length of each line.</summary>
public sealed class ConsoleHistoryTests
{
    [Fact]
    public async Task AHugeLineIsKeptTruncatedAndMarkedForHistoryAndLiveReaders()
    {
        var logs = new ResourceLoggerService();
        using var cancel = new CancellationTokenSource();
        await using var watch = logs.WatchAsync("svc", cancel.Token).GetAsyncEnumerator(cancel.Token);

        logs.Append("svc", new LogLine(DateTimeOffset.UtcNow, new string('x', 1_000_000), IsError: false, Replica: 0));
        logs.Append("svc", new LogLine(DateTimeOffset.UtcNow, new string('y', ResourceLoggerService.MaxLineLength), IsError: false, Replica: 0));

        var kept = logs.GetLines("svc");
        Assert.Equal(2, kept.Count);
        Assert.StartsWith(new string('x', ResourceLoggerService.MaxLineLength), kept[0].Content, StringComparison.Ordinal);
        Assert.EndsWith("… [line truncated: 1000000 characters]", kept[0].Content, StringComparison.Ordinal);
        Assert.True(kept[0].Content.Length < ResourceLoggerService.MaxLineLength + 100);
        // A line at the limit is kept whole.
        Assert.Equal(new string('y', ResourceLoggerService.MaxLineLength), kept[1].Content);

        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(kept[0].Content, watch.Current.Content);
        await cancel.CancelAsync();
    }
}
