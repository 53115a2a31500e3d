using System.Diagnostics;
using Vrsky.Nats;
using Vrsky.TokenWorker.Tests.Infrastructure;

namespace Vrsky.TokenWorker.Tests.Requests;

/// <summary>The worker's <c>token.request</c> span joins the requester's trace through the NATS message headers.</summary>
[Collection(TokenWorkerCollection.Name)]
public sealed class TraceContextTests(TokenWorkerFixture fixture) : IDisposable
{
    private readonly SpanRecorder _recorder = new(TokenWorkerMetrics.MeterName);

    [Fact]
    public async Task RequestWithTraceparentIsHandledInAChildSpanOfTheRequester()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(fixture, subject);
        await using var client = new TokenClient(fixture.Nats.Url);
        var traceId = ActivityTraceId.CreateRandom();
        var requesterSpan = ActivitySpanId.CreateRandom();

        var reply = await client.RequestAsync(subject, TokenClient.Request(clientId, secret), headers: new NatsHeaders
        {
            { "traceparent", $"00-{traceId}-{requesterSpan}-01" },
        });

        Assert.Equal("Bearer", (string?)reply["token_type"]);
        // The span ends before the reply is published, so it is recorded by now.
        var span = Assert.Single(_recorder.Spans, s => s.TraceId == traceId);
        Assert.Equal("token.request", span.OperationName);
        Assert.Equal(requesterSpan, span.ParentSpanId);
        Assert.True(span.HasRemoteParent);
        Assert.Equal(clientId, span.GetTagItem("oauth.client_id"));
    }

    [Fact]
    public async Task RequestWithoutHeadersIsAnsweredInASpanThatStartsATrace()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(fixture, subject);
        await using var client = new TokenClient(fixture.Nats.Url);

        var reply = await client.RequestAsync(subject, TokenClient.Request(clientId, secret));

        Assert.Equal("Bearer", (string?)reply["token_type"]);
        var span = Assert.Single(_recorder.Spans, s => clientId.Equals(s.GetTagItem("oauth.client_id")));
        Assert.Equal(default, span.ParentSpanId);
        Assert.False(span.HasRemoteParent);
    }

    public void Dispose() => _recorder.Dispose();
}
