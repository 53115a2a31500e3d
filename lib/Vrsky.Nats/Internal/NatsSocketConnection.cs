using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Vrsky.Nats.Internal;

/// <summary>One TCP (optionally TLS) connection to one server; reading goes through a PipeReader.</summary>
internal sealed class NatsSocketConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private Stream _stream;

    private NatsSocketConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public Stream Stream => _stream;

    public PipeReader? Reader { get; private set; }

    public bool IsTls => _stream is SslStream;

    public static async Task<NatsSocketConnection> ConnectAsync(NatsServerAddress server, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
            return new NatsSocketConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the server's first line (INFO) straight off the socket: the server sends nothing
    /// more until CONNECT, and TLS, if any, starts only after it.
    /// </summary>
    public async Task<byte[]> ReadFirstLineAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= Protocol.ProtocolParser.MaxControlLine)
                {
                    throw new NatsProtocolException("The server's first line is too long");
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await _stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                throw new NatsException("The server closed the connection before sending INFO");
            }

            length += read;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                return buffer[..(end + 2)];
            }
        }
    }

    public async Task UpgradeToTlsAsync(string host, NatsTlsOpts opts, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = CreateValidator(opts),
        };
        var clientCert = opts.ClientCertificate
            ?? (opts.CertFile is not null && opts.KeyFile is not null ? X509Certificate2.CreateFromPemFile(opts.CertFile, opts.KeyFile) : null);
        if (clientCert is not null)
        {
            options.ClientCertificates = [clientCert];
        }

        await ssl.AuthenticateAsClientAsync(options, cancellationToken);
        _stream = ssl;
    }

    public PipeReader StartReading()
    {
        Reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        return Reader;
    }

    /// <summary>Breaks the socket so pending reads and writes end now.</summary>
    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone: the goal is reached.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        if (Reader is not null)
        {
            await Reader.CompleteAsync();
        }

        await _stream.DisposeAsync();
    }

    private static RemoteCertificateValidationCallback CreateValidator(NatsTlsOpts opts)
    {
        if (opts.InsecureSkipVerify)
        {
            return (_, _, _, _) => true;
        }

        if (opts.CaFile is null)
        {
            return (_, _, _, errors) => errors == SslPolicyErrors.None;
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(opts.CaFile);
        return (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }
}
