namespace Vrsky.Hosting.Dashboard.Telemetry;

/// <summary>
/// How much telemetry the AppHost keeps. Every count is per resource (oldest dropped first), so a chatty service
/// cannot exhaust the AppHost's memory nor push out what the other services sent.
/// </summary>
internal sealed record TelemetryLimits
{
    public static TelemetryLimits Default { get; } = new();

    public int MaxResources { get; init; } = 100;

    public int MaxSpansPerResource { get; init; } = 10_000;

    public int MaxLogsPerResource { get; init; } = 10_000;

    public int MaxInstrumentsPerResource { get; init; } = 500;

    /// <summary>Replicas (service instances) kept per instrument.</summary>
    public int MaxInstancesPerInstrument { get; init; } = 32;

    /// <summary>Points kept per instrument and replica: 10 minutes at the AppHost's 1 s export interval.</summary>
    public int MaxPointsPerSeries { get; init; } = 600;

    public int MaxAttributesPerItem { get; init; } = 64;

    public int MaxEventsPerSpan { get; init; } = 64;

    public int MaxValueLength { get; init; } = 4096;
}
