using System.Diagnostics;
using System.Globalization;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Testing;

namespace Vrsky.Platform.Bench;

// AppHost cold start (after build) to all-healthy, against the slowest single resource's own start in the same
// run: how close the parallel start comes to the critical resource alone. Goal: ratio <= 1.5, total <= 15 s.
internal static class StartupBench
{
    public static async Task Main(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine($"AppHost cold start, {runs} runs, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"run",3} {"total s",8} {"slowest resource",-18} {"its own s",9} {"ratio",6}");

        var ratios = new List<double>();
        var totals = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<global::Program>();
            await using var app = await builder.BuildAsync();
            var clock = Stopwatch.StartNew();
            await app.StartAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var runnable = app.Resources.Where(r => r is not ParameterResource).Select(r => r.Name).ToList();
            foreach (var name in runnable)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline.Token);
            }

            var total = clock.Elapsed.TotalSeconds;
            // A resource's own start: from its process starting (after any WaitFor) to its first healthy probe.
            var slowest = app.ResourceNotifications.Snapshots
                .Where(s => runnable.Contains(s.Name) && s.StartedAt is not null && s.HealthyAt is not null)
                .Select(s => (s.Name, Seconds: (s.HealthyAt!.Value - s.StartedAt!.Value).TotalSeconds))
                .MaxBy(s => s.Seconds);
            var ratio = total / slowest.Seconds;
            ratios.Add(ratio);
            totals.Add(total);
            Console.WriteLine($"{run,3} {total,8:0.00} {slowest.Name,-18} {slowest.Seconds,9:0.00} {ratio,6:0.00}");
        }

        Console.WriteLine($"median total {Median(totals):0.00} s (goal <= 15), median ratio {Median(ratios):0.00} (goal <= 1.5)");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
