using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting;

/// <summary>Prints a line whenever a resource's state or health changes, and once when everything is healthy.</summary>
internal sealed class ConsoleStatusPrinter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ConsoleStatusPrinter(ResourceNotificationService notifications) => _loop = LoopAsync(notifications);

    public static ConsoleStatusPrinter Start(ResourceNotificationService notifications) => new(notifications);

    private async Task LoopAsync(ResourceNotificationService notifications)
    {
        var last = new Dictionary<string, (string, HealthStatus)>();
        var announced = false;
        try
        {
            await foreach (var s in notifications.WatchAsync(_stop.Token).ConfigureAwait(false))
            {
                if (s.ResourceType == "Parameter" || s.State == KnownResourceStates.NotStarted || (last.TryGetValue(s.Name, out var seen) && seen == (s.State, s.Health)))
                {
                    continue;
                }

                last[s.Name] = (s.State, s.Health);
                Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {s}");
                var all = notifications.Snapshots.Where(x => x.ResourceType != "Parameter").ToList();
                if (!announced && all.All(x => x.Health == HealthStatus.Healthy))
                {
                    announced = true;
                    var slowest = all.Max(x => x.HealthyAt) - all.Min(x => x.StartedAt);
                    Console.WriteLine($"All {all.Count} resources are healthy ({slowest?.TotalSeconds:0.0} s). Press Ctrl+C to stop.");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
