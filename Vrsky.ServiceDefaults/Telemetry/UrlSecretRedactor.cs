using System.Diagnostics;
using OpenTelemetry;

namespace Vrsky.ServiceDefaults.Telemetry;

/// <summary>
/// Some HTTP APIs carry a credential in the URL path: Discord's <c>/interactions/{id}/{token}/…</c> and
/// <c>/webhooks/{application}/{token}/…</c> are authorised by the token alone. HttpClient's spans record the full URL,
/// so without this an exported trace hands anyone who reads it the right to answer that interaction. Everything after
/// the id segment is replaced in the URL attributes and the span name (which may carry the path).
/// </summary>
internal sealed class UrlSecretRedactor : BaseProcessor<Activity>
{
    public const string Redacted = "REDACTED";

    private static readonly string[] UrlTags = ["url.full", "url.path", "http.url", "http.target"];

    /// <summary>Path prefixes whose next segment is an id and every later segment may hold or follow a secret.</summary>
    private static readonly string[] SecretPrefixes = ["/interactions/", "/webhooks/"];

    public override void OnEnd(Activity activity)
    {
        foreach (var tag in UrlTags)
        {
            if (activity.GetTagItem(tag) is string value && Redact(value) is { } redacted)
            {
                activity.SetTag(tag, redacted);
            }
        }

        if (Redact(activity.DisplayName) is { } name)
        {
            activity.DisplayName = name;
        }
    }

    /// <summary>The text with the segments after <c>/interactions/{id}/</c> or <c>/webhooks/{id}/</c> redacted; null when there is nothing to redact.</summary>
    public static string? Redact(string text)
    {
        string? result = null;
        foreach (var prefix in SecretPrefixes)
        {
            var current = result ?? text;
            var at = current.IndexOf(prefix, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                continue;
            }

            var idEnd = current.IndexOf('/', at + prefix.Length);
            if (idEnd < 0 || idEnd == current.Length - 1)
            {
                continue;
            }

            // The secret part ends where the path does: a query, a fragment or (in a span name) whitespace.
            var pathEnd = current.IndexOfAny(['?', '#', ' '], idEnd);
            var tail = pathEnd < 0 ? "" : current[pathEnd..];
            result = current[..(idEnd + 1)] + Redacted + tail;
        }

        return result;
    }
}
