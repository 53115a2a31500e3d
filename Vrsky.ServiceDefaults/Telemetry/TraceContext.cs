using System.Diagnostics;
using System.Text;
using Vrsky.Nats;

namespace Vrsky.ServiceDefaults.Telemetry;

/// <summary>
/// W3C trace context (<c>traceparent</c>, <c>tracestate</c>) carried in message headers, so a span started where a
/// message is handled joins the trace of the code that sent it: NATS headers and RabbitMQ basic-properties headers
/// (RabbitMQ.Client's publish span already injects; <see cref="MessagingActivities"/> extracts on the consumer side).
/// </summary>
public static class TraceContext
{
    private const int MaxHeaderLength = 512;

    /// <summary>Writes the current (or given) activity's context into NATS headers, creating them when needed.</summary>
    public static NatsHeaders Inject(Activity? activity, NatsHeaders? headers = null)
    {
        headers ??= new NatsHeaders();
        if (activity is not null)
        {
            DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, key, value) => ((NatsHeaders)carrier!)[key] = value);
        }

        return headers;
    }

    /// <summary>Writes the activity's context into RabbitMQ message headers (values as strings; the broker returns them as bytes).</summary>
    public static void Inject(Activity? activity, IDictionary<string, object?> headers)
    {
        if (activity is not null)
        {
            DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, key, value) => ((IDictionary<string, object?>)carrier!)[key] = value);
        }
    }

    /// <summary>The sender's context from NATS headers; default when there is none or it is malformed.</summary>
    public static ActivityContext Extract(NatsHeaders? headers) =>
        headers is null ? default : Extract(key => headers.TryGetValue(key, out var value) ? value : null);

    /// <summary>The sender's context from RabbitMQ headers (byte[] as received, or string).</summary>
    public static ActivityContext Extract(IDictionary<string, object?>? headers) =>
        headers is null ? default : Extract(key => headers.TryGetValue(key, out var value) ? value switch
        {
            byte[] bytes when bytes.Length <= MaxHeaderLength => Encoding.UTF8.GetString(bytes),
            string text => text,
            _ => null,
        } : null);

    private static ActivityContext Extract(Func<string, string?> get)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(get, static (carrier, key, out value, out values) =>
        {
            values = null;
            value = ((Func<string, string?>)carrier!)(key) is { Length: <= MaxHeaderLength } v ? v : null;
        }, out var traceParent, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }
}
