using System.Buffers;
using System.Text;

namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>Bounds every service enforces on user input.</summary>
public static class MessageLimits
{
    /// <summary>Characters in a message body.</summary>
    public const int MaxBodyLength = 4000;

    /// <summary>A body the chat service can store: 1-<see cref="MaxBodyLength"/> characters of <see cref="IsPlainText"/> with line breaks and tabs.</summary>
    public static bool IsValidBody(string? body) => body is { Length: > 0 and <= MaxBodyLength } && IsPlainText(body, allowLayout: true);

    /// <summary>
    /// Well-formed UTF-16 without control characters (with <paramref name="allowLayout"/>: but for \n, \r and \t).
    /// PostgreSQL text cannot hold NUL and UTF-8 cannot encode a lone surrogate, so such input would fail only at
    /// the database; the other control characters have no place in chat text either.
    /// </summary>
    public static bool IsPlainText(string text, bool allowLayout)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done
                || (Rune.IsControl(rune) && !(allowLayout && rune.Value is '\n' or '\r' or '\t')))
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }
}
