using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vrsky.TestUtilities;

/// <summary>
/// Records every finished span of one <see cref="ActivitySource"/> in this process (other tests' too, so a test picks
/// its own spans by trace or by an attribute), sampled in full whatever the exporter configuration.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public SpanRecorder(string sourceName)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyCollection<Activity> Spans => _spans;

    public void Dispose() => _listener.Dispose();
}
