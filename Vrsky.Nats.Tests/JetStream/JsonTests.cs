using System.Text;
using System.Text.Json;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.Tests.JetStream;

public class JsonTests
{
    private static NatsJSJsonContext Json => NatsJSJsonContext.Default;

    [Fact]
    public void ConsumerConfigWritesGoDurationsAsNanosecondsAndSnakeCaseEnums()
    {
        var config = new ConsumerConfig("worker")
        {
            AckWait = TimeSpan.FromSeconds(2),
            Backoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)],
            DeliverPolicy = DeliverPolicy.ByStartSequence,
            OptStartSeq = 7,
        };

        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(config, Json.ConsumerConfig));
        var root = doc.RootElement;

        Assert.Equal(2_000_000_000, root.GetProperty("ack_wait").GetInt64());
        Assert.Equal([100_000_000L, 1_000_000_000L], root.GetProperty("backoff").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("by_start_sequence", root.GetProperty("deliver_policy").GetString());
        Assert.Equal("explicit", root.GetProperty("ack_policy").GetString());
        Assert.Equal("worker", root.GetProperty("durable_name").GetString());
        Assert.False(root.TryGetProperty("filter_subject", out _), "unset options are left to the server");
    }

    [Fact]
    public void StreamInfoReadsNanosecondTimestampsAndDurations()
    {
        const string reply = """
            {"config":{"name":"S","subjects":["s.>"],"max_age":1500000000,"storage":"memory","discard":"new","retention":"workqueue"},
             "created":"2024-05-01T10:00:00.123456789Z",
             "state":{"messages":3,"bytes":120,"first_seq":1,"last_seq":3,"last_ts":"2024-05-01T10:00:01.5Z"}}
            """;

        var info = JsonSerializer.Deserialize(reply, Json.StreamInfo)!;

        Assert.Equal(TimeSpan.FromMilliseconds(1500), info.Config.MaxAge);
        Assert.Equal(StorageType.Memory, info.Config.Storage);
        Assert.Equal(DiscardPolicy.New, info.Config.Discard);
        Assert.Equal(RetentionPolicy.WorkQueue, info.Config.Retention);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), info.Created);
        Assert.Equal(3UL, info.State.LastSeq);
    }

    [Theory]
    [InlineData(10059, typeof(NatsJSStreamNotFoundException))]
    [InlineData(10014, typeof(NatsJSConsumerNotFoundException))]
    [InlineData(10071, typeof(NatsJSWrongLastSequenceException))]
    [InlineData(10037, typeof(NatsJSNoMessageFoundException))]
    [InlineData(10999, typeof(NatsJSApiException))]
    public void ApiErrorRepliesBecomeTypedExceptions(int errCode, Type expected)
    {
        var reply = Encoding.UTF8.GetBytes($$$"""{"type":"x","error":{"code":404,"err_code":{{{errCode}}},"description":"nope"}}""");

        var ex = Assert.IsAssignableFrom<NatsJSApiException>(Record.Exception(() => NatsJSContext.ThrowIfApiError(reply)));

        Assert.IsType(expected, ex);
        Assert.Equal(404, ex.Code);
        Assert.Equal(errCode, ex.ErrorCode);
        Assert.Contains("nope", ex.Message);
    }

    [Fact]
    public void ReplyWithoutErrorObjectPassesEvenWhenAStreamIsCalledError()
    {
        NatsJSContext.ThrowIfApiError("""{"stream":"error","seq":1}"""u8);
    }
}
