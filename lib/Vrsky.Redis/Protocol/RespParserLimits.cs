namespace Vrsky.Redis.Protocol;

/// <summary>Bounds on what the parser accepts, so a broken or hostile peer cannot make the client allocate without limit.</summary>
public sealed record RespParserLimits
{
    public static readonly RespParserLimits Default = new();

    /// <summary>Longest bulk string accepted; Redis' own <c>proto-max-bulk-len</c> default is 512 MB.</summary>
    public int MaxBulkLength { get; init; } = 512 * 1024 * 1024;

    /// <summary>Most elements in one array.</summary>
    public int MaxArrayLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>Deepest nesting of arrays.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Longest header, simple string, error or integer line (without CRLF).</summary>
    public int MaxLineLength { get; init; } = 64 * 1024;
}
