namespace Vrsky.Nats.Internal;

/// <summary>One server of the pool; <see cref="ToString"/> never includes credentials.</summary>
internal sealed class NatsServerAddress
{
    public const int DefaultPort = 4222;

    public NatsServerAddress(string host, int port, bool tls, NatsAuthOpts? auth, bool discovered)
    {
        Host = host;
        Port = port;
        Tls = tls;
        Auth = auth;
        Discovered = discovered;
    }

    public string Host { get; }

    public int Port { get; }

    public bool Tls { get; }

    public NatsAuthOpts? Auth { get; }

    /// <summary>Learnt from a server's connect_urls rather than configured.</summary>
    public bool Discovered { get; }

    /// <summary>Consecutive failed attempts since the last successful connect.</summary>
    public int FailedAttempts { get; set; }

    public DateTime LastAttemptUtc { get; set; }

    public string Key => $"{Host}:{Port}";

    public static List<NatsServerAddress> ParseList(string urls)
    {
        var list = new List<NatsServerAddress>();
        foreach (var part in urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            list.Add(Parse(part, defaultTls: false, discovered: false));
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("No NATS server URL given", nameof(urls));
        }

        return list;
    }

    public static NatsServerAddress Parse(string url, bool defaultTls, bool discovered)
    {
        var text = url.Contains("://", StringComparison.Ordinal) ? url : (defaultTls ? "tls://" : "nats://") + url;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"Invalid NATS server URL '{Redact(url)}'", nameof(url));
        }

        var tls = uri.Scheme switch
        {
            "nats" => false,
            "tls" => true,
            _ => throw new ArgumentException($"Unsupported NATS URL scheme '{uri.Scheme}' (use nats:// or tls://)", nameof(url)),
        };
        return new NatsServerAddress(uri.IdnHost.Trim('[', ']'), uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port, tls, ParseUserInfo(uri.UserInfo), discovered);
    }

    public override string ToString() => $"{(Tls ? "tls" : "nats")}://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}";

    private static NatsAuthOpts? ParseUserInfo(string userInfo)
    {
        if (string.IsNullOrEmpty(userInfo))
        {
            return null;
        }

        var colon = userInfo.IndexOf(':');
        return colon < 0
            ? new NatsAuthOpts { Token = Uri.UnescapeDataString(userInfo) }
            : new NatsAuthOpts
            {
                Username = Uri.UnescapeDataString(userInfo[..colon]),
                Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]),
            };
    }

    private static string Redact(string url)
    {
        var at = url.LastIndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at < 0 ? url : url[..(scheme < 0 ? 0 : scheme + 3)] + "***@" + url[(at + 1)..];
    }
}
