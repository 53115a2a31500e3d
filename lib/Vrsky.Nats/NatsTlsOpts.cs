using System.Security.Cryptography.X509Certificates;

namespace Vrsky.Nats;

public enum TlsMode
{
    /// <summary>TLS when the URL is tls:// or the server's INFO says tls_required.</summary>
    Auto,

    /// <summary>Always TLS; a server that does not offer it is an error.</summary>
    Require,

    /// <summary>Never TLS; a server that requires it is an error.</summary>
    Disable,
}

public sealed record NatsTlsOpts
{
    public static readonly NatsTlsOpts Default = new();

    public TlsMode Mode { get; init; } = TlsMode.Auto;

    /// <summary>PEM file of a CA (or self-signed server certificate) trusted in addition to the system store.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM certificate and key presented to servers that verify clients.</summary>
    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    /// <summary>An already loaded client certificate; wins over <see cref="CertFile"/>.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Accepts any server certificate. For tests only.</summary>
    public bool InsecureSkipVerify { get; init; }
}
