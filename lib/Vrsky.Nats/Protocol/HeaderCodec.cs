using System.Buffers;
using System.Text;

namespace Vrsky.Nats.Protocol;

/// <summary>The NATS/1.0 header block: version line with optional status, then "Key: Value" lines, then a blank line.</summary>
internal static class HeaderCodec
{
    private static readonly byte[] VersionLine = "NATS/1.0\r\n"u8.ToArray();

    public static int GetEncodedLength(NatsHeaders headers)
    {
        var length = VersionLine.Length + 2;
        foreach (var (key, values) in headers.Raw)
        {
            var keyLength = Encoding.UTF8.GetByteCount(key);
            foreach (var value in values)
            {
                length += keyLength + 2 + Encoding.UTF8.GetByteCount(value) + 2;
            }
        }

        return length;
    }

    /// <summary>Writes exactly <see cref="GetEncodedLength"/> bytes into <paramref name="span"/>.</summary>
    public static int Encode(NatsHeaders headers, Span<byte> span)
    {
        VersionLine.CopyTo(span);
        var pos = VersionLine.Length;
        foreach (var (key, values) in headers.Raw)
        {
            foreach (var value in values)
            {
                pos += Encoding.UTF8.GetBytes(key, span[pos..]);
                span[pos++] = (byte)':';
                span[pos++] = (byte)' ';
                pos += Encoding.UTF8.GetBytes(value, span[pos..]);
                span[pos++] = (byte)'\r';
                span[pos++] = (byte)'\n';
            }
        }

        span[pos++] = (byte)'\r';
        span[pos++] = (byte)'\n';
        return pos;
    }

    public static NatsHeaders Decode(ReadOnlySequence<byte> block)
    {
        var text = Encoding.UTF8.GetString(block);
        var lineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        var versionLine = lineEnd < 0 ? text : text[..lineEnd];
        if (!versionLine.StartsWith("NATS/", StringComparison.Ordinal))
        {
            throw new NatsProtocolException("Header block does not start with NATS/1.0");
        }

        var headers = ParseStatus(versionLine);
        if (lineEnd < 0)
        {
            return headers;
        }

        foreach (var line in text[(lineEnd + 2)..].Split("\r\n"))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new NatsProtocolException($"Malformed header line '{line}'");
            }

            headers.AddParsed(line[..colon], line[(colon + 1)..].Trim());
        }

        return headers;
    }

    private static NatsHeaders ParseStatus(string versionLine)
    {
        var space = versionLine.IndexOf(' ');
        if (space < 0)
        {
            return new NatsHeaders();
        }

        var rest = versionLine[(space + 1)..].TrimStart();
        var codeEnd = rest.IndexOf(' ');
        var codeText = codeEnd < 0 ? rest : rest[..codeEnd];
        return int.TryParse(codeText, out var code)
            ? new NatsHeaders(code, codeEnd < 0 ? "" : rest[(codeEnd + 1)..].Trim())
            : new NatsHeaders();
    }
}
