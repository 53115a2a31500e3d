using System.Diagnostics;
using System.Text;
using Vrsky.Nats;
using Vrsky.ServiceDefaults.Telemetry;

namespace Vrsky.Dashboard.Tests.Telemetry;

public sealed class TraceContextTests
{
    private static Activity Sender()
    {
        var activity = new Activity("send");
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        return activity.Start();
    }

    [Fact]
    public void NatsHeadersCarryTheSendersContext()
    {
        using var sender = Sender();
        var headers = TraceContext.Inject(sender);

        var received = TraceContext.Extract(headers);
        Assert.Equal(sender.TraceId, received.TraceId);
        Assert.Equal(sender.SpanId, received.SpanId);
        Assert.True(received.IsRemote);
    }

    [Fact]
    public void RabbitMQHeadersCarryTheContextAsTheBrokerReturnsThem()
    {
        using var sender = Sender();
        var sent = new Dictionary<string, object?>();
        TraceContext.Inject(sender, sent);
        // The broker hands string headers back as byte arrays.
        var delivered = sent.ToDictionary(h => h.Key, h => (object?)Encoding.UTF8.GetBytes((string)h.Value!));

        Assert.Equal(sender.TraceId, TraceContext.Extract(delivered).TraceId);
    }

    [Fact]
    public void MissingOrMalformedContextStartsANewTrace()
    {
        var headers = new NatsHeaders { ["traceparent"] = "00-not-a-trace" };
        Assert.Equal(default, TraceContext.Extract(headers));
        Assert.Equal(default, TraceContext.Extract((NatsHeaders?)null));
        Assert.Equal(default, TraceContext.Extract(new Dictionary<string, object?> { ["traceparent"] = 42 }));
    }
}
