using System.Diagnostics.Metrics;

namespace Vrsky.ControlPlane.Platform;

/// <summary>What the <see cref="RetryQueueRunner"/> costs: entries each scan read from <c>retry_queue</c>.</summary>
public sealed class RetryScanMetrics
{
    public const string MeterName = "Vrsky.ControlPlane";
    public const string EntriesReadName = "controlplane.retry_scan.entries";

    private readonly Histogram<int> _entriesRead;

    public RetryScanMetrics(IMeterFactory meterFactory) =>
        _entriesRead = meterFactory.Create(MeterName).CreateHistogram<int>(
            EntriesReadName, "{entry}", "Entries (values and delete markers) one retry-queue scan read; at most RetryScanBatch");

    public void ScanRead(int entries) => _entriesRead.Record(entries);
}
