using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Vrsky.Hosting.ApplicationModel;

/// <summary>One line of a resource's console output.</summary>
public sealed record LogLine(DateTimeOffset Timestamp, string Content, bool IsError, int Replica);

/// <summary>
/// Keeps the recent console output of each resource (bounded, so a chatty service cannot exhaust memory) and
/// hands new lines to live subscribers (the dashboard's console tail).
/// </summary>
public sealed class ResourceLoggerService
{
    public const int MaxLinesPerResource = 10_000;

    /// <summary>Characters kept of one line: a process printing a huge line must not grow the history without limit.</summary>
    public const int MaxLineLength = 16 * 1024;

    private readonly ConcurrentDictionary<string, ResourceLog> _logs = new(StringComparer.Ordinal);

    internal void Append(string resource, LogLine line) => LogOf(resource).Append(Bounded(line));

    private static LogLine Bounded(LogLine line) => line.Content.Length <= MaxLineLength
        ? line
        : line with { Content = $"{line.Content.AsSpan(0, MaxLineLength)}… [line truncated: {line.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} characters]" };

    public IReadOnlyList<LogLine> GetLines(string resource, int? last = null) =>
        _logs.TryGetValue(resource, out var log) ? log.Snapshot(last) : [];

    /// <summary>The lines kept so far, then every new line, until cancelled. A reader that falls 10,000 lines behind loses the oldest.</summary>
    public async IAsyncEnumerable<LogLine> WatchAsync(string resource, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var log = LogOf(resource);
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(MaxLinesPerResource)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropOldest,
        });
        log.Subscribe(channel);
        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
        finally
        {
            log.Unsubscribe(channel);
        }
    }

    private ResourceLog LogOf(string resource) => _logs.GetOrAdd(resource, _ => new ResourceLog());

    private sealed class ResourceLog
    {
        private readonly Queue<LogLine> _lines = new();
        private readonly List<Channel<LogLine>> _subscribers = [];
        private readonly Lock _gate = new();

        public void Append(LogLine line)
        {
            lock (_gate)
            {
                _lines.Enqueue(line);
                if (_lines.Count > MaxLinesPerResource)
                {
                    _lines.Dequeue();
                }

                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryWrite(line);
                }
            }
        }

        public IReadOnlyList<LogLine> Snapshot(int? last)
        {
            lock (_gate)
            {
                return last is { } n ? [.. _lines.Skip(Math.Max(0, _lines.Count - n))] : [.. _lines];
            }
        }

        /// <summary>Backlog and registration under one lock, so no line is missed or repeated between them.</summary>
        public void Subscribe(Channel<LogLine> channel)
        {
            lock (_gate)
            {
                foreach (var line in _lines)
                {
                    channel.Writer.TryWrite(line);
                }

                _subscribers.Add(channel);
            }
        }

        public void Unsubscribe(Channel<LogLine> channel)
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }
}
