using System.Collections.Concurrent;

namespace Vrsky.Hosting.ApplicationModel;

/// <summary>One line of a resource's console output.</summary>
public sealed record LogLine(DateTimeOffset Timestamp, string Content, bool IsError, int Replica);

/// <summary>Keeps the recent console output of each resource (bounded, so a chatty service cannot exhaust memory).</summary>
public sealed class ResourceLoggerService
{
    public const int MaxLinesPerResource = 2000;

    private readonly ConcurrentDictionary<string, Queue<LogLine>> _lines = new(StringComparer.Ordinal);

    internal void Append(string resource, LogLine line)
    {
        var queue = _lines.GetOrAdd(resource, _ => new Queue<LogLine>());
        lock (queue)
        {
            queue.Enqueue(line);
            if (queue.Count > MaxLinesPerResource)
            {
                queue.Dequeue();
            }
        }
    }

    public IReadOnlyList<LogLine> GetLines(string resource, int? last = null)
    {
        if (!_lines.TryGetValue(resource, out var queue))
        {
            return [];
        }

        lock (queue)
        {
            return last is { } n ? [.. queue.Skip(Math.Max(0, queue.Count - n))] : [.. queue];
        }
    }
}
