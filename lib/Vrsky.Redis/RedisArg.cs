using System.Globalization;
using System.Text;

namespace Vrsky.Redis;

/// <summary>
/// One command argument: text (sent as UTF-8), raw bytes, or a number (sent as its invariant decimal form).
/// Converts implicitly from <see cref="string"/>, <see cref="byte"/>[], <see cref="ReadOnlyMemory{T}"/>, <see cref="long"/> and <see cref="double"/>.
/// </summary>
public readonly struct RedisArg
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;

    public RedisArg(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _text = text;
    }

    public RedisArg(ReadOnlyMemory<byte> bytes) => _bytes = bytes;

    internal string? Text => _text;

    internal ReadOnlyMemory<byte> Bytes => _bytes;

    public static implicit operator RedisArg(string text) => new(text);

    public static implicit operator RedisArg(byte[] bytes) => new(bytes ?? throw new ArgumentNullException(nameof(bytes)));

    public static implicit operator RedisArg(ReadOnlyMemory<byte> bytes) => new(bytes);

    public static implicit operator RedisArg(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    public static implicit operator RedisArg(double value) => new(FormatDouble(value));

    /// <summary>Redis' spelling of a double: <c>inf</c>, <c>-inf</c>, else the shortest round-trip form.</summary>
    internal static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+inf",
        double.NegativeInfinity => "-inf",
        double.NaN => throw new ArgumentException("NaN is not a valid Redis number.", nameof(value)),
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public override string ToString() => _text ?? Encoding.UTF8.GetString(_bytes.Span);
}
