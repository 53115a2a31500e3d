using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using Vrsky.Redis.Protocol;

namespace Vrsky.Redis.Internal;

/// <summary>One TCP (optionally TLS) connection with pipes over it, connected and authenticated.</summary>
internal sealed class RedisSocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly RespParserLimits _limits;
    private int _disposed;

    private RedisSocket(Socket socket, Stream stream, RespParserLimits limits)
    {
        _socket = socket;
        _stream = stream;
        _limits = limits;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    /// <summary>Connects, authenticates and selects the database within <see cref="RedisOpts.ConnectTimeout"/>.</summary>
    public static async Task<RedisSocket> ConnectAsync(RedisOpts opts, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(opts.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        RedisSocket? connection = null;
        try
        {
            await socket.ConnectAsync(opts.Host, opts.Port, timeout.Token).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (opts.Ssl)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = opts.Host }, timeout.Token).ConfigureAwait(false);
                stream = ssl;
            }

            connection = new RedisSocket(socket, stream, opts.ParserLimits);
            await connection.HandshakeAsync(opts, timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new RedisConnectionException($"Timed out after {opts.ConnectTimeout} connecting to Redis {opts.Endpoint}.");
            }

            if (e is SocketException or IOException or System.Security.Authentication.AuthenticationException)
            {
                throw new RedisConnectionException($"Could not connect to Redis {opts.Endpoint}: {e.Message}", e);
            }

            throw;
        }
    }

    /// <summary>Writes one command and flushes (handshake and pub/sub only; the multiplexer batches instead).</summary>
    public ValueTask<FlushResult> WriteAsync(ReadOnlySpan<RedisArg> args, CancellationToken cancellationToken)
    {
        RespWriter.WriteCommand(Output, args);
        return Output.FlushAsync(cancellationToken);
    }

    /// <summary>Reads exactly one reply (handshake only; afterwards a read loop owns <see cref="Input"/>).</summary>
    public async Task<RespValue> ReadReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (RespParser.TryParse(buffer, out var value, out var consumed, _limits))
            {
                Input.AdvanceTo(consumed);
                return value!;
            }

            Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new RedisConnectionException("The server closed the connection.");
            }
        }
    }

    /// <summary>Breaks the connection so pending reads and writes fail, without touching the pipes (their users may still be running).</summary>
    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Close();
    }

    /// <summary>Completes the pipes and closes the socket; call only once nothing reads or writes them any more.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        await Input.CompleteAsync().ConfigureAwait(false);
        try
        {
            await Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
        }

        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
        }

        _socket.Dispose();
    }

    private async Task HandshakeAsync(RedisOpts opts, CancellationToken cancellationToken)
    {
        // Pipelined: AUTH, SELECT, CLIENT SETNAME go out together; replies come back in the same order.
        var commands = new List<(string Name, RedisArg[] Args)>(3);
        if (opts.Password is not null)
        {
            commands.Add(("AUTH", opts.User is null ? ["AUTH", opts.Password] : ["AUTH", opts.User, opts.Password]));
        }

        if (opts.Database != 0)
        {
            commands.Add(("SELECT", ["SELECT", (long)opts.Database]));
        }

        // PING proves the server speaks RESP and, without a password, that none is required.
        commands.Add(opts.ClientName is { Length: > 0 } clientName ? ("CLIENT SETNAME", ["CLIENT", "SETNAME", clientName]) : ("PING", ["PING"]));
        foreach (var (_, args) in commands)
        {
            RespWriter.WriteCommand(Output, args);
        }

        await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        RedisException? failure = null;
        foreach (var (name, _) in commands)
        {
            var reply = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
            if (reply.Type != RespType.Error || failure is not null)
            {
                continue;
            }

            var error = new RedisServerException(reply.AsString()!);
            if (name == "AUTH" || error.Prefix is "WRONGPASS" or "NOAUTH")
            {
                failure = new RedisAuthenticationException(
                    opts.Password is null
                        ? $"Redis {opts.Endpoint} requires a password and none was configured ({error.Prefix})."
                        : $"Redis {opts.Endpoint} rejected the credentials for user '{opts.User ?? "default"}': {error.Message}",
                    error);
            }
            else if (name != "CLIENT SETNAME")
            {
                // A client name is a nicety (ACLs may forbid CLIENT); anything else failing is fatal.
                failure = new RedisConnectionException($"Redis {opts.Endpoint} refused {name} during connect: {error.Message}", error);
            }
        }

        if (failure is not null)
        {
            throw failure;
        }
    }
}
