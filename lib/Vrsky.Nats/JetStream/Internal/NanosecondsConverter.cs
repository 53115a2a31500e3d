using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Internal;

/// <summary>
/// JetStream is written in Go, whose <c>time.Duration</c> marshals as integer nanoseconds;
/// every TimeSpan on the wire goes through here.
/// </summary>
internal sealed class NanosecondsConverter : JsonConverter<TimeSpan>
{
    private const long NanosPerTick = 100;

    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromNanos(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(ToNanos(value));

    public static long ToNanos(TimeSpan value) => checked(value.Ticks * NanosPerTick);

    public static TimeSpan FromNanos(long nanos) => TimeSpan.FromTicks(nanos / NanosPerTick);
}
