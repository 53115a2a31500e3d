using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Vrsky.TokenWorker;

/// <summary>The <c>Vrsky.TokenWorker</c> meter. Tags carry outcomes and error codes only, never credentials or tokens.</summary>
public sealed class TokenWorkerMetrics
{
    public const string MeterName = "Vrsky.TokenWorker";

    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Counter<long> _requests;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _idpCalls;
    private readonly Counter<long> _idpErrors;
    private readonly Histogram<double> _idpDuration;
    private readonly UpDownCounter<long> _active;

    public TokenWorkerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("tokenworker.requests", "{request}", "Token requests answered, by result (ok or the error code)");
        _cacheHits = meter.CreateCounter<long>("tokenworker.cache.hits", "{request}", "Requests answered from the token cache");
        _cacheMisses = meter.CreateCounter<long>("tokenworker.cache.misses", "{request}", "Requests that needed the IdP (alone or joined to a call in flight)");
        _idpCalls = meter.CreateCounter<long>("tokenworker.idp.calls", "{call}", "Calls to the token endpoint, by outcome");
        _idpErrors = meter.CreateCounter<long>("tokenworker.idp.errors", "{call}", "Failed token endpoint calls, by error code");
        _idpDuration = meter.CreateHistogram<double>("tokenworker.idp.duration", "s", "Duration of token endpoint calls");
        _active = meter.CreateUpDownCounter<long>("tokenworker.requests.active", "{request}", "Requests being handled");
    }

    public void RequestAnswered(string result) => _requests.Add(1, new KeyValuePair<string, object?>("result", result));

    public void CacheHit() => _cacheHits.Add(1);

    public void CacheMiss(bool joined) => _cacheMisses.Add(1, new KeyValuePair<string, object?>("joined", joined));

    public void IdpCall(string outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _idpCalls.Add(1, tag);
        _idpDuration.Record(duration.TotalSeconds, tag);
        if (outcome != "ok")
        {
            _idpErrors.Add(1, new KeyValuePair<string, object?>("error", outcome));
        }
    }

    public void RequestStarted() => _active.Add(1);

    public void RequestEnded() => _active.Add(-1);
}
