using System.Diagnostics;
using Vrsky.Nats;

namespace Vrsky.ControlPlane.Tests.Autoscaling;

/// <summary>Publishes at a steady rate in the background until disposed.</summary>
internal sealed class PacedLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _load;

    private PacedLoad(INatsConnection publisher, string subject, int rate) => _load = Task.Run(async () =>
    {
        var payload = new byte[32];
        var watch = Stopwatch.StartNew();
        long sent = 0;
        while (!_stop.IsCancellationRequested)
        {
            for (var due = (long)(watch.Elapsed.TotalSeconds * rate); sent < due; sent++)
            {
                await publisher.PublishAsync(subject, payload);
            }

            await Task.Delay(1);
        }
    });

    public static PacedLoad Start(INatsConnection publisher, string subject, int rate) => new(publisher, subject, rate);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _load;
        _stop.Dispose();
    }
}
