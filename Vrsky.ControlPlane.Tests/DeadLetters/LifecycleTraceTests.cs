using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vrsky.ControlPlane.Platform;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.DeadLetters;

/// <summary>Each step of a message's life cycle is a span under one <c>message.process</c>, with the tenant and integration.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class LifecycleTraceTests(ControlPlaneFixture fixture) : IDisposable
{
    private readonly SpanRecorder _recorder = new(LifecycleActivities.SourceName);

    [Fact]
    public async Task FailingMessageTracesEachAttemptRetryAndTheDeadLetterUnderOneProcessSpan()
    {
        var lifecycle = fixture.App.Services.GetRequiredService<MessageLifecycle>();
        var message = new PlatformMessage("traced-" + Guid.NewGuid().ToString("N")[..8], Guid.NewGuid(), Guid.NewGuid(), "orders.in", [1]);

        var outcome = await lifecycle.ProcessAsync(message, (_, _) => throw new InvalidOperationException("downstream refused"));

        Assert.Equal(MessageStates.DeadLetter, outcome);
        var mine = _recorder.Spans.Where(s => message.Id.Equals(s.GetTagItem(LifecycleActivities.MessageId))).ToList();
        var process = Assert.Single(mine, s => s.OperationName == "message.process");
        Assert.Equal(MessageStates.DeadLetter, process.GetTagItem(LifecycleActivities.State));
        var steps = mine.Where(s => s != process).OrderBy(s => s.StartTimeUtc).Select(s => (s.OperationName, (int)s.GetTagItem(LifecycleActivities.Attempt)!)).ToList();
        Assert.Equal(
            [("message.attempt", 1), ("message.retry", 1), ("message.attempt", 2), ("message.retry", 2), ("message.attempt", 3), ("message.retry", 3), ("message.attempt", 4), ("message.dead_letter", 4)],
            steps);
        Assert.All(mine.Where(s => s != process), s =>
        {
            Assert.Equal(process.SpanId, s.ParentSpanId);
            Assert.Equal(process.TraceId, s.TraceId);
        });
        Assert.All(mine, s =>
        {
            Assert.Equal(message.TenantId.ToString(), s.GetTagItem(LifecycleActivities.TenantId));
            Assert.Equal(message.IntegrationId.ToString(), s.GetTagItem(LifecycleActivities.IntegrationId));
        });
        Assert.All(mine.Where(s => s.OperationName == "message.attempt"), s =>
        {
            Assert.Equal(ActivityStatusCode.Error, s.Status);
            Assert.Equal("downstream refused", s.StatusDescription);
        });
    }

    public void Dispose() => _recorder.Dispose();
}
