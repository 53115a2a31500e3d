namespace Vrsky.Nats.Bench;

/// <summary>Counts per scenario; every loop also stops at a time limit, so the whole run stays under two minutes.</summary>
internal sealed record BenchSettings
{
    public int PayloadBytes { get; init; } = 16;

    /// <summary>Messages per publish-only round (raw and client alike); pub+sub uses half.</summary>
    public long Messages { get; init; } = 3_000_000;

    public int Rounds { get; init; } = 7;

    public int Requests { get; init; } = 20_000;

    public int JetStreamAwaited { get; init; } = 5_000;

    public int JetStreamWindowed { get; init; } = 50_000;

    public int KvOps { get; init; } = 5_000;

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = long.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            settings = args[i] switch
            {
                "--msgs" => settings with { Messages = value },
                "--rounds" => settings with { Rounds = (int)value },
                "--requests" => settings with { Requests = (int)value },
                "--js" => settings with { JetStreamAwaited = (int)value, JetStreamWindowed = (int)value * 10 },
                "--kv" => settings with { KvOps = (int)value },
                _ => throw new ArgumentException($"Unknown option {args[i]} (use --msgs, --rounds, --requests, --js, --kv)"),
            };
        }

        return settings;
    }
}
