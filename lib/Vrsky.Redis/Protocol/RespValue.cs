using System.Globalization;
using System.Text;

namespace Vrsky.Redis.Protocol;

/// <summary>One parsed RESP reply. Bulk strings own a copy of their bytes, so a value outlives the read buffer.</summary>
public sealed class RespValue
{
    private static readonly RespValue[] NoItems = [];

    private readonly long _integer;
    private readonly string? _text;
    private readonly byte[]? _bytes;
    private readonly RespValue[]? _items;

    private RespValue(RespType type, bool isNull, long integer = 0, string? text = null, byte[]? bytes = null, RespValue[]? items = null)
    {
        Type = type;
        IsNull = isNull;
        _integer = integer;
        _text = text;
        _bytes = bytes;
        _items = items;
    }

    public static RespValue NullBulkString { get; } = new(RespType.BulkString, isNull: true);

    public static RespValue NullArray { get; } = new(RespType.Array, isNull: true);

    public static RespValue Ok { get; } = new(RespType.SimpleString, isNull: false, text: "OK");

    public RespType Type { get; }

    /// <summary>A null bulk string (<c>$-1</c>) or null array (<c>*-1</c>).</summary>
    public bool IsNull { get; }

    /// <summary>The value of an integer reply.</summary>
    public long Integer => Type == RespType.Integer ? _integer : throw Unexpected("an integer");

    /// <summary>The bytes of a bulk string (empty for null), or the UTF-8 of a simple string or error.</summary>
    public ReadOnlyMemory<byte> Bytes => Type switch
    {
        RespType.BulkString => _bytes,
        RespType.SimpleString or RespType.Error => Encoding.UTF8.GetBytes(_text!),
        _ => throw Unexpected("a string"),
    };

    /// <summary>The elements of an array reply (empty for null).</summary>
    public IReadOnlyList<RespValue> Items => Type == RespType.Array ? _items ?? NoItems : throw Unexpected("an array");

    public static RespValue SimpleString(string text) => new(RespType.SimpleString, isNull: false, text: text);

    public static RespValue Error(string text) => new(RespType.Error, isNull: false, text: text);

    public static RespValue FromInteger(long value) => new(RespType.Integer, isNull: false, integer: value);

    public static RespValue BulkString(byte[] bytes) => new(RespType.BulkString, isNull: false, bytes: bytes);

    public static RespValue BulkString(string text) => BulkString(Encoding.UTF8.GetBytes(text));

    public static RespValue Array(RespValue[] items) => new(RespType.Array, isNull: false, items: items);

    /// <summary>Text of a simple string, error or bulk string (UTF-8), an integer in invariant digits; null for nulls.</summary>
    public string? AsString() => Type switch
    {
        _ when IsNull => null,
        RespType.SimpleString or RespType.Error => _text,
        RespType.BulkString => Encoding.UTF8.GetString(_bytes!),
        RespType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        _ => throw Unexpected("a string"),
    };

    public override string ToString() => Type switch
    {
        _ when IsNull => $"{Type}(null)",
        RespType.Array => "[" + string.Join(", ", _items!.Select(i => i.ToString())) + "]",
        RespType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        RespType.Error => "-" + _text,
        _ => "\"" + AsString() + "\"",
    };

    private RedisProtocolException Unexpected(string wanted) =>
        new($"Expected {wanted} reply but got {(IsNull ? "null " : "")}{Type}.");
}
