using Vrsky.Nats.JetStream.Internal;

namespace Vrsky.Nats.Tests.JetStream;

public class PullLogicTests
{
    [Fact]
    public void BudgetRefillsUpToMaxOnlyBelowThreshold()
    {
        var budget = new PullBudget(maxMsgs: 10, thresholdMsgs: 5);

        Assert.Equal(10, budget.TakeRefill());
        Assert.Equal(0, budget.TakeRefill());
        for (var i = 0; i < 5; i++)
        {
            budget.OnMessage();
        }

        Assert.Equal(0, budget.TakeRefill()); // 5 outstanding: not below the threshold yet
        budget.OnMessage();
        Assert.Equal(6, budget.TakeRefill()); // back to 10 outstanding, never more
        Assert.Equal(10, budget.Outstanding);
    }

    [Fact]
    public void RequestEndReleasesItsUnfulfilledPartOrEverythingWhenUnknown()
    {
        var budget = new PullBudget(maxMsgs: 10, thresholdMsgs: 5);
        budget.TakeRefill();

        budget.OnRequestEnded(3);
        Assert.Equal(7, budget.Outstanding);

        budget.OnRequestEnded(null);
        Assert.Equal(0, budget.Outstanding);
    }

    [Theory]
    [InlineData(0, "", nameof(PullStatusKind.Message))]
    [InlineData(100, "Idle Heartbeat", nameof(PullStatusKind.Heartbeat))]
    [InlineData(404, "No Messages", nameof(PullStatusKind.NoMessages))]
    [InlineData(408, "Request Timeout", nameof(PullStatusKind.RequestEnded))]
    [InlineData(409, "Exceeded MaxWaiting", nameof(PullStatusKind.RequestEnded))]
    [InlineData(409, "Leadership Change", nameof(PullStatusKind.RequestEnded))]
    [InlineData(409, "Consumer Deleted", nameof(PullStatusKind.ConsumerDeleted))]
    [InlineData(503, "", nameof(PullStatusKind.NoResponders))]
    [InlineData(400, "Bad Request", nameof(PullStatusKind.Error))]
    public void StatusLinesAreClassified(int code, string text, string kind)
    {
        // The kind is passed by name: the enum is internal and a public test method cannot take it.
        Assert.Equal(kind, PullStatus.Classify(new NatsHeaders(code, text)).Kind.ToString());
    }

    [Fact]
    public void RequestTimeoutCarriesUnfulfilledCount()
    {
        var headers = new NatsHeaders(408, "Request Timeout");
        headers.Add("Nats-Pending-Messages", "4");
        headers.Add("Nats-Pending-Bytes", "0");

        Assert.Equal(4, PullStatus.Classify(headers).UnfulfilledMsgs);
    }
}
