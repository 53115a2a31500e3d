using Vrsky.Nats.JetStream;

namespace Vrsky.Nats.Tests.JetStream;

public class NatsJSMsgMetadataTests
{
    [Fact]
    public void ParsesClassicAckSubject()
    {
        Assert.True(NatsJSMsgMetadata.TryParse("$JS.ACK.ORDERS.worker.3.41.17.1700000000123456789.5", out var meta));

        Assert.Equal("ORDERS", meta.Stream);
        Assert.Equal("worker", meta.Consumer);
        Assert.Equal(3UL, meta.NumDelivered);
        Assert.Equal(new NatsJSSequencePair(41, 17), meta.Sequence);
        Assert.Equal(5UL, meta.NumPending);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000123).AddTicks(4567), meta.Timestamp);
        Assert.Equal("", meta.Domain);
    }

    [Theory]
    [InlineData("$JS.ACK.hub.ACCHASH.ORDERS.worker.1.2.3.1700000000000000000.0.rnd", "hub")]
    [InlineData("$JS.ACK._.ACCHASH.ORDERS.worker.1.2.3.1700000000000000000.0.rnd", "")]
    public void ParsesAckSubjectWithDomainAndAccount(string subject, string domain)
    {
        Assert.True(NatsJSMsgMetadata.TryParse(subject, out var meta));

        Assert.Equal(domain, meta.Domain);
        Assert.Equal("ORDERS", meta.Stream);
        Assert.Equal("worker", meta.Consumer);
        Assert.Equal(new NatsJSSequencePair(2, 3), meta.Sequence);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("_INBOX.abc")]
    [InlineData("$JS.ACK.ORDERS.worker.x.2.3.4.5")]
    [InlineData("$JS.ACK.ORDERS.worker.1.2.3")]
    public void RejectsSubjectsThatAreNotAckSubjects(string? subject)
    {
        Assert.False(NatsJSMsgMetadata.TryParse(subject, out _));
    }
}
