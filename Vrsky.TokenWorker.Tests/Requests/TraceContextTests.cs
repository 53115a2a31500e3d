using System.Collections.Concurrent;
using System.Diagnostics;
using Vrsky.Nats;
using Vrsky.TokenWorker.Tests.Infrastructure;

namespace Vrsky.TokenWorker.Tests.Requests;

/// <summary>The worker's <c>token.request</c> span joins the requester's trace through the NATS message headers.</summary>
[Collection(TokenWorkerCollection.Name)]
public sealed class TraceContextTests : IDisposable
{
    private readonly TokenWorkerFixture _fixture;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    /// <summary>Spans of every worker in this process (other tests' too), so each test picks its own by trace or client id.</summary>
    public TraceContextTests(TokenWorkerFixture fixture)
    {
        _fixture = fixture;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TokenWorkerMetrics.MeterName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task RequestWithTraceparentIsHandledInAChildSpanOfTheRequester()
    {
        var subject = _fixture.TakeSubject();
        var (clientId, secret) = _fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(_fixture, subject);
        await using var client = new TokenClient(_fixture.Nats.Url);
        var traceId = ActivityTraceId.CreateRandom();
        var requesterSpan = ActivitySpanId.CreateRandom();

        var reply = await client.RequestAsync(subject, TokenClient.Request(clientId, secret), headers: new NatsHeaders
        {
            { "traceparent", $"00-{traceId}-{requesterSpan}-01" },
        });

        Assert.Equal("Bearer", (string?)reply["token_type"]);
        // The span ends before the reply is published, so it is recorded by now.
        var span = Assert.Single(_spans, s => s.TraceId == traceId);
        Assert.Equal("token.request", span.OperationName);
        Assert.Equal(requesterSpan, span.ParentSpanId);
        Assert.True(span.HasRemoteParent);
        Assert.Equal(clientId, span.GetTagItem("oauth.client_id"));
    }

    [Fact]
    public async Task RequestWithoutHeadersIsAnsweredInASpanThatStartsATrace()
    {
        var subject = _fixture.TakeSubject();
        var (clientId, secret) = _fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(_fixture, subject);
        await using var client = new TokenClient(_fixture.Nats.Url);

        var reply = await client.RequestAsync(subject, TokenClient.Request(clientId, secret));

        Assert.Equal("Bearer", (string?)reply["token_type"]);
        var span = Assert.Single(_spans, s => clientId.Equals(s.GetTagItem("oauth.client_id")));
        Assert.Equal(default, span.ParentSpanId);
        Assert.False(span.HasRemoteParent);
    }

    public void Dispose() => _listener.Dispose();
}
