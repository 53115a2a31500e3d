using System.Net;
using System.Text;

namespace Vrsky.Hosting.Dashboard.Console;

/// <summary>
/// Console lines to HTML: SGR colour codes (30–37, 90–97, bold) become spans with a class, every other escape
/// sequence is dropped, and the text is HTML-encoded.
/// </summary>
internal static class Ansi
{
    public static string ToHtml(string line)
    {
        var html = new StringBuilder(line.Length + 16);
        var open = false;
        var i = 0;
        while (i < line.Length)
        {
            var escape = line.IndexOf('\u001b', i);
            html.Append(WebUtility.HtmlEncode(escape < 0 ? line[i..] : line[i..escape]));
            if (escape < 0)
            {
                break;
            }

            // CSI: ESC [ parameters final-byte (0x40–0x7E); a lone ESC or other sequence is dropped with its next char.
            var end = escape + 1;
            if (end < line.Length && line[end] == '[')
            {
                end++;
                while (end < line.Length && line[end] is < '@' or > '~')
                {
                    end++;
                }
            }

            if (end < line.Length && line[end] == 'm' && line[escape + 1] == '[')
            {
                if (open)
                {
                    html.Append("</span>");
                    open = false;
                }

                var classes = Classes(line[(escape + 2)..end]);
                if (classes.Length > 0)
                {
                    html.Append("<span class=\"").Append(classes).Append("\">");
                    open = true;
                }
            }

            i = Math.Min(end + 1, line.Length);
        }

        return open ? html.Append("</span>").ToString() : html.ToString();
    }

    private static string Classes(string parameters)
    {
        var classes = new List<string>();
        foreach (var part in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, out var code))
            {
                continue;
            }

            if (code == 1)
            {
                classes.Add("ansi-bold");
            }
            else if (code is >= 30 and <= 37)
            {
                classes.Add($"ansi-{code - 30}");
            }
            else if (code is >= 90 and <= 97)
            {
                classes.Add($"ansi-{code - 90 + 8}");
            }
        }

        return string.Join(' ', classes);
    }
}
