using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vrsky.Chat.Bench;

/// <summary>Send times by uuid and the latencies of their arrivals; errors and closes counted.</summary>
internal sealed class LatencyLog
{
    private readonly ConcurrentDictionary<string, long> _sent = new();
    private readonly ConcurrentBag<(long SentAt, double Ms)> _deliveries = [];
    private readonly ConcurrentBag<double> _pongs = [];
    private readonly ConcurrentBag<double> _confirms = [];
    private readonly ConcurrentDictionary<string, DateTimeOffset> _messagesSentAt = new();
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private int _closed;

    public int Closes => _closed;

    public IReadOnlyDictionary<string, int> Errors => _errors;

    public void Sent(string id) => _sent[id] = Stopwatch.GetTimestamp();

    /// <summary>Also the wall-clock time, to compare with the database's <c>created_at</c> (same machine, same clock).</summary>
    public void MessageSent(string uuid)
    {
        _messagesSentAt[uuid] = DateTimeOffset.UtcNow;
        Sent(uuid);
    }

    /// <summary>Send to the start of the chat service's storing transaction: the gateway's path plus the wait in <c>chat.messages</c>.</summary>
    public (int Count, double P50, double P99) UntilStored(IEnumerable<(string Uuid, DateTimeOffset StoredAt)> stored) =>
        Percentiles(stored.Where(s => _messagesSentAt.ContainsKey(s.Uuid)).Select(s => (s.StoredAt - _messagesSentAt[s.Uuid]).TotalMilliseconds));

    public void Arrived(string uuid, long at)
    {
        if (_sent.TryGetValue(uuid, out var sent))
        {
            _deliveries.Add((sent, Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds));
        }
    }

    /// <summary>The sender's own <c>Delivered</c>: the trip through chat service and broker without the fan-out.</summary>
    public void ConfirmArrived(string uuid, long at)
    {
        if (_sent.TryGetValue(uuid, out var sent))
        {
            _confirms.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
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

    public (int Count, double P50, double P99) Deliveries() => Percentiles(_deliveries.Select(d => d.Ms));

    /// <summary>The p99 of the messages sent in each second after <paramref name="start"/>: shows whether the tail is spread or a few stalls.</summary>
    public IEnumerable<double> DeliveryP99BySecond(long start) =>
        _deliveries.GroupBy(d => (int)Stopwatch.GetElapsedTime(start, d.SentAt).TotalSeconds).OrderBy(g => g.Key).Select(g => Percentiles(g.Select(d => d.Ms)).Item3);

    public (int Count, double P50, double P99) Pongs() => Percentiles(_pongs);

    public (int Count, double P50, double P99) Confirms() => Percentiles(_confirms);

    private static (int, double, double) Percentiles(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0 ? (0, double.NaN, double.NaN) : (sorted.Length, sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]);
    }
}
