using System.Globalization;

namespace Vrsky.Chat.Bench;

/// <summary>
/// One scrape of the gateway's <c>/metrics</c> (the runtime's own System.Runtime meter): the profile of a phase is
/// the difference between two scrapes, taken from outside so the bench adds no instrumentation of its own.
/// </summary>
internal sealed class GatewayMetrics
{
    private readonly List<(string Name, string Labels, double Value)> _samples = [];

    public static async Task<GatewayMetrics> ScrapeAsync(HttpClient http, Uri gateway)
    {
        var metrics = new GatewayMetrics();
        foreach (var line in (await http.GetStringAsync(new Uri(gateway, "/metrics"))).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var valueStart = line.LastIndexOf(' ');
            var labelStart = line.IndexOf('{', StringComparison.Ordinal);
            var nameEnd = labelStart is >= 0 && labelStart < valueStart ? labelStart : valueStart;
            metrics._samples.Add((line[..nameEnd], line[nameEnd..valueStart], double.Parse(line[(valueStart + 1)..], CultureInfo.InvariantCulture)));
        }

        return metrics;
    }

    /// <summary>The sum over every series of <paramref name="name"/> whose labels contain <paramref name="label"/>.</summary>
    public double Sum(string name, string label = "") =>
        _samples.Where(s => s.Name == name && s.Labels.Contains(label, StringComparison.Ordinal)).Sum(s => s.Value);

    public const string Allocated = "dotnet_gc_heap_total_allocated_total";
    public const string HeapAfterGc = "dotnet_gc_last_collection_heap_size";
    public const string GcCommitted = "dotnet_gc_last_collection_memory_committed_size";
    public const string Collections = "dotnet_gc_collections_total";
    public const string PauseSeconds = "dotnet_gc_pause_time_total";
    public const string LockContentions = "dotnet_monitor_lock_contentions_total";
    public const string ThreadPoolThreads = "dotnet_thread_pool_thread_count_total";
    public const string CpuSeconds = "dotnet_process_cpu_time_total";
    public const string Timers = "dotnet_timer_count";
}
