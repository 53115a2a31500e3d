using System.Text.Json.Serialization;
using Vrsky.Nats.JetStream.Internal;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>
/// Source-generated (reflection-free) JSON for every JetStream API body. Nulls are left out so the
/// server applies its own defaults; TimeSpans are Go nanoseconds.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(NanosecondsConverter)])]
[JsonSerializable(typeof(StreamConfig))]
[JsonSerializable(typeof(StreamInfo))]
[JsonSerializable(typeof(StreamPurgeRequest))]
[JsonSerializable(typeof(StreamPurgeResponse))]
[JsonSerializable(typeof(StreamNamesRequest))]
[JsonSerializable(typeof(StreamNamesResponse))]
[JsonSerializable(typeof(StreamMsgGetRequest))]
[JsonSerializable(typeof(StreamMsgGetResponse))]
[JsonSerializable(typeof(SuccessResponse))]
[JsonSerializable(typeof(ConsumerCreateRequest))]
[JsonSerializable(typeof(ConsumerInfo))]
[JsonSerializable(typeof(ConsumerPullRequest))]
[JsonSerializable(typeof(PubAckResponse))]
[JsonSerializable(typeof(ApiErrorResponse))]
internal sealed partial class NatsJSJsonContext : JsonSerializerContext;
