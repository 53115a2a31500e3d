using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vrsky.Chat.Bench;

/// <summary>Send times by uuid and the latencies of their arrivals; errors and closes counted.</summary>
internal sealed class LatencyLog
{
    private readonly ConcurrentDictionary<string, long> _sent = new();
    private readonly ConcurrentBag<double> _deliveries = [];
    private readonly ConcurrentBag<double> _pongs = [];
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private int _closed;

    public int Closes => _closed;

    public IReadOnlyDictionary<string, int> Errors => _errors;

    public void Sent(string id) => _sent[id] = Stopwatch.GetTimestamp();

    public void Arrived(string uuid, long at)
    {
        if (_sent.TryGetValue(uuid, out var sent))
        {
            _deliveries.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
        }
    }

    public void PongArrived(string reference, long at)
    {
        if (_sent.TryRemove(reference, out var sent))
        {
            _pongs.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
        }
    }

    public void Error(string code) => _errors.AddOrUpdate(code, 1, (_, n) => n + 1);

    public void Closed(string? reason)
    {
        Interlocked.Increment(ref _closed);
        Error($"closed: {reason}");
    }

    public (int Count, double P50, double P99) Deliveries() => Percentiles(_deliveries);

    public (int Count, double P50, double P99) Pongs() => Percentiles(_pongs);

    private static (int, double, double) Percentiles(ConcurrentBag<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0 ? (0, double.NaN, double.NaN) : (sorted.Length, sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]);
    }
}
