using Vrsky.Nats.JetStream.Models;
using Vrsky.Nats.KeyValue;
using Vrsky.Nats.KeyValue.Internal;

namespace Vrsky.Nats.Tests.KeyValue;

public class NatsKVValidationTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("orders.eu-1/x_y=z")]
    [InlineData("A.b.C")]
    public void ValidKeysPass(string key) => NatsKVValidator.ThrowIfInvalidKey(key);

    [Theory]
    [InlineData("", "empty")]
    [InlineData(".a", "start or end")]
    [InlineData("a.", "start or end")]
    [InlineData("a..b", "empty token")]
    [InlineData("_kv.x", "reserved")]
    [InlineData("a b", "' ' is not allowed")]
    [InlineData("a*", "'*' is not allowed")]
    [InlineData("a.>", "'>' is not allowed")]
    public void InvalidKeysAreRejectedWithAReason(string key, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => NatsKVValidator.ThrowIfInvalidKey(key));
        Assert.Contains(reason, ex.Message);
    }

    [Theory]
    [InlineData(">")]
    [InlineData("orders.*")]
    [InlineData("orders.*.items.>")]
    public void WatchFiltersMayUseWholeTokenWildcards(string filter) => NatsKVValidator.ThrowIfInvalidFilter(filter);

    [Theory]
    [InlineData("orders.>.x")]
    [InlineData("orders.a*")]
    public void MisplacedWildcardsAreRejected(string filter) =>
        Assert.Throws<ArgumentException>(() => NatsKVValidator.ThrowIfInvalidFilter(filter));

    [Theory]
    [InlineData("has.dot")]
    [InlineData("has space")]
    [InlineData("")]
    public void InvalidBucketNamesAreRejected(string bucket)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => NatsKVContext.ToStreamConfig(new NatsKVConfig(bucket)));
        Assert.Equal("bucket", ex.ParamName);
    }

    [Fact]
    public void BucketMapsToTheAdr8Stream()
    {
        var stream = NatsKVContext.ToStreamConfig(new NatsKVConfig("locks")
        {
            History = 5,
            MaxAge = TimeSpan.FromSeconds(30),
            MaxBytes = 1024,
            Storage = StorageType.Memory,
            NumReplicas = 3,
        });

        Assert.Equal("KV_locks", stream.Name);
        Assert.Equal(["$KV.locks.>"], stream.Subjects);
        Assert.Equal(5, stream.MaxMsgsPerSubject);
        Assert.Equal(TimeSpan.FromSeconds(30), stream.MaxAge);
        Assert.Equal(TimeSpan.FromSeconds(30), stream.DuplicateWindow); // never longer than the TTL
        Assert.Equal(1024, stream.MaxBytes);
        Assert.Equal(3, stream.NumReplicas);
        Assert.True(stream.AllowRollupHdrs && stream.DenyDelete && stream.AllowDirect);
        Assert.Equal(DiscardPolicy.New, stream.Discard);
    }

    [Fact]
    public void HistoryOutsideOneToSixtyFourIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NatsKVContext.ToStreamConfig(new NatsKVConfig("b") { History = 65 }));

    [Fact]
    public void NanosecondTimestampsParse() =>
        Assert.Equal(
            new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567),
            NatsKVStore.ParseTimestamp("2024-05-01T10:00:00.123456789Z"));
}
