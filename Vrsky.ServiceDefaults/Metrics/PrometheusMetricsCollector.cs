using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using Vrsky.ServiceDefaults.Telemetry;

namespace Vrsky.ServiceDefaults.Metrics;

/// <summary>
/// Aggregates the process's <see cref="System.Diagnostics.Metrics"/> instruments in memory and renders them in the
/// Prometheus text exposition format (the OpenTelemetry Prometheus exporter is not available here).
/// </summary>
internal sealed class PrometheusMetricsCollector : IHostedService, IDisposable
{
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _series = new();

    public PrometheusMetricsCollector()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (OpenTelemetryExtensions.Meters.Any(m => Matches(m, instrument.Meter.Name)))
            {
                _series[instrument] = new InstrumentSeries(instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<short>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<byte>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<decimal>((i, v, tags, _) => Record(i, (double)v, tags));
        _listener.Start();
    }

    private static bool Matches(string pattern, string name) =>
        pattern.EndsWith('*') ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) : name == pattern;

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.TryGetValue(instrument, out var series))
        {
            series.Record(value, LabelSet(tags));
        }
    }

    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var series in _series.Values.OrderBy(s => s.MetricName, StringComparer.Ordinal))
        {
            series.WriteTo(text);
        }

        return text.ToString();
    }

    private static string LabelSet(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
            pairs.Add($"{Sanitize(tag.Key)}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }

    internal static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    /// <summary>The aggregated values of one instrument, one entry per label set.</summary>
    private sealed class InstrumentSeries(Instrument instrument)
    {
        private readonly ConcurrentDictionary<string, Aggregate> _byLabels = new(StringComparer.Ordinal);
        private readonly double[] _buckets = instrument.Unit == "s" ? SecondsBuckets : DefaultBuckets;

        private string Kind => instrument switch
        {
            Histogram<double> or Histogram<long> or Histogram<int> or Histogram<float> => "histogram",
            Counter<long> or Counter<double> or Counter<int> or ObservableCounter<long> or ObservableCounter<double> or ObservableCounter<int> => "counter",
            _ => "gauge",
        };

        private bool IsCumulative => instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal) ||
                                     instrument.GetType().Name.StartsWith("UpDownCounter", StringComparison.Ordinal);

        public string MetricName => Sanitize(instrument.Name) + (Kind == "counter" ? "_total" : "");

        public void Record(double value, string labels)
        {
            var aggregate = _byLabels.GetOrAdd(labels, _ => new Aggregate(_buckets.Length));
            lock (aggregate)
            {
                if (Kind == "histogram")
                {
                    aggregate.Count++;
                    aggregate.Sum += value;
                    var bucket = Array.FindIndex(_buckets, b => value <= b);
                    aggregate.Buckets[bucket < 0 ? _buckets.Length : bucket]++;
                }
                else if (IsCumulative)
                {
                    aggregate.Sum += value;
                }
                else
                {
                    // Observable instruments and gauges report the current value.
                    aggregate.Sum = value;
                }
            }
        }

        public void WriteTo(StringBuilder text)
        {
            if (_byLabels.IsEmpty)
            {
                return;
            }

            var name = MetricName;
            if (instrument.Description is { Length: > 0 } description)
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(description.Replace('\n', ' ')).Append('\n');
            }

            text.Append("# TYPE ").Append(name).Append(' ').Append(Kind).Append('\n');
            foreach (var (labels, aggregate) in _byLabels.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                lock (aggregate)
                {
                    if (Kind == "histogram")
                    {
                        long cumulative = 0;
                        for (var i = 0; i <= _buckets.Length; i++)
                        {
                            cumulative += aggregate.Buckets[i];
                            var le = i < _buckets.Length ? _buckets[i].ToString(CultureInfo.InvariantCulture) : "+Inf";
                            Line(text, name + "_bucket", Join(labels, $"le=\"{le}\""), cumulative);
                        }

                        Line(text, name + "_sum", labels, aggregate.Sum);
                        Line(text, name + "_count", labels, aggregate.Count);
                    }
                    else
                    {
                        Line(text, name, labels, aggregate.Sum);
                    }
                }
            }
        }

        private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

        private static void Line(StringBuilder text, string name, string labels, double value) =>
            text.Append(name).Append(labels.Length == 0 ? "" : "{" + labels + "}").Append(' ')
                .Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private sealed class Aggregate(int buckets)
    {
        public long Count;
        public double Sum;
        public readonly long[] Buckets = new long[buckets + 1];
    }
}
