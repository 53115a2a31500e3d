using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Vrsky.Nats.Internal;

/// <summary>
/// Payload conversion: byte[], (ReadOnly)Memory&lt;byte&gt; and string travel as-is (UTF-8),
/// everything else as JSON; an empty payload becomes default.
/// </summary>
internal static class NatsSerializer<T>
{
    private static readonly Kind TypeKind =
        typeof(T) == typeof(byte[]) ? Kind.ByteArray
        : typeof(T) == typeof(ReadOnlyMemory<byte>) ? Kind.ReadOnlyMemory
        : typeof(T) == typeof(Memory<byte>) ? Kind.Memory
        : typeof(T) == typeof(string) ? Kind.String
        : Kind.Json;

    private enum Kind
    {
        ByteArray,
        ReadOnlyMemory,
        Memory,
        String,
        Json,
    }

    /// <summary>True when <typeparamref name="T"/> is bytes: <see cref="Serialize"/> then needs no scratch buffer.</summary>
    public static bool IsRaw => TypeKind is Kind.ByteArray or Kind.ReadOnlyMemory or Kind.Memory;

    /// <summary>
    /// Raw bytes of <paramref name="value"/> without copying when it already is bytes; otherwise
    /// encoded into <paramref name="scratch"/>.
    /// </summary>
    public static ReadOnlyMemory<byte> Serialize(T value, JsonSerializerOptions options, ArrayBufferWriter<byte>? scratch)
    {
        switch (TypeKind)
        {
            case Kind.ByteArray:
                return (byte[]?)(object?)value ?? [];
            case Kind.ReadOnlyMemory:
                return (ReadOnlyMemory<byte>)(object)value!;
            case Kind.Memory:
                return (Memory<byte>)(object)value!;
            case Kind.String:
                var text = (string?)(object?)value;
                if (string.IsNullOrEmpty(text))
                {
                    return ReadOnlyMemory<byte>.Empty;
                }

                ArgumentNullException.ThrowIfNull(scratch);
                var written = Encoding.UTF8.GetBytes(text, scratch.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
                scratch.Advance(written);
                return scratch.WrittenMemory;
            default:
                if (value is null)
                {
                    return ReadOnlyMemory<byte>.Empty;
                }

                ArgumentNullException.ThrowIfNull(scratch);
                using (var json = new Utf8JsonWriter(scratch))
                {
                    JsonSerializer.Serialize(json, value, options);
                }

                return scratch.WrittenMemory;
        }
    }

    public static T? Deserialize(ReadOnlySequence<byte> payload, JsonSerializerOptions options)
    {
        switch (TypeKind)
        {
            case Kind.ByteArray:
                return (T)(object)payload.ToArray();
            case Kind.ReadOnlyMemory:
                return (T)(object)new ReadOnlyMemory<byte>(payload.ToArray());
            case Kind.Memory:
                return (T)(object)new Memory<byte>(payload.ToArray());
            case Kind.String:
                return (T)(object)Encoding.UTF8.GetString(payload);
            default:
                if (payload.IsEmpty)
                {
                    return default;
                }

                var reader = new Utf8JsonReader(payload);
                return JsonSerializer.Deserialize<T>(ref reader, options);
        }
    }
}
