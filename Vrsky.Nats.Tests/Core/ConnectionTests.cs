using System.Diagnostics;
using Vrsky.Nats.Tests.Infrastructure;

namespace Vrsky.Nats.Tests.Core;

public class ConnectionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task UserPasswordFromConnectionString()
    {
        await using var server = await NatsServerProcess.StartAsync(new NatsServerOptions { User = "app", Password = "s3cr:t" });
        var opts = NatsOpts.FromConnectionString($"nats://app:{Uri.EscapeDataString("s3cr:t")}@127.0.0.1:{server.Port}");
        Assert.DoesNotContain("s3cr", opts.Url);
        Assert.DoesNotContain("s3cr", opts.ToString());
        await using var nats = new NatsConnection(opts);
        await nats.ConnectAsync();
        Assert.Equal(NatsConnectionState.Open, nats.ConnectionState);
        Assert.True(nats.ServerInfo!.AuthRequired);
    }

    [Fact]
    public async Task TokenAuth()
    {
        await using var server = await NatsServerProcess.StartAsync(new NatsServerOptions { Token = "t0ken" });
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url, AuthOpts = new NatsAuthOpts { Token = "t0ken" } });
        Assert.True((await nats.PingAsync()) < Deadline);
    }

    [Fact]
    public async Task WrongPasswordFailsWithAuthorizationErrorWithoutRetrying()
    {
        await using var server = await NatsServerProcess.StartAsync(new NatsServerOptions { User = "app", Password = "right" });
        await using var nats = new NatsConnection(NatsOpts.Default with
        {
            Url = $"nats://app:wrong@127.0.0.1:{server.Port}",
            ReconnectWait = TimeSpan.FromMilliseconds(10),
        });
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<NatsAuthorizationException>(() => nats.ConnectAsync().AsTask());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3));
        Assert.Equal(NatsConnectionState.Closed, nats.ConnectionState);
    }

    [Fact]
    public async Task AuthErrorFromFakeServerSurfacesAsAuthorizationException()
    {
        await using var fake = new FakeNatsServer(handshakeReply: "-ERR 'Authorization Violation'\r\n");
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = fake.Url });
        var error = await Assert.ThrowsAsync<NatsAuthorizationException>(() => nats.ConnectAsync().AsTask());
        Assert.Equal("Authorization Violation", error.ServerError);
        Assert.Equal(1, fake.ConnectionCount);
    }

    [Fact]
    public async Task TlsRoundTrip()
    {
        await using var server = await NatsServerProcess.StartAsync(new NatsServerOptions { Tls = true });
        await using var nats = new NatsConnection(NatsOpts.Default with
        {
            Url = server.Url,
            TlsOpts = new NatsTlsOpts { CaFile = server.Certificate!.CertFile },
        });
        using var cts = new CancellationTokenSource(Deadline);
        await using var sub = await nats.SubscribeCoreAsync<string>("secure", cancellationToken: cts.Token);
        await nats.PublishAsync("secure", "over tls", cancellationToken: cts.Token);
        Assert.Equal("over tls", (await sub.Msgs.ReadAsync(cts.Token)).Data);
        Assert.True(nats.ServerInfo!.TlsRequired);
    }

    [Fact]
    public async Task TlsWithUntrustedCertificateFails()
    {
        await using var server = await NatsServerProcess.StartAsync(new NatsServerOptions { Tls = true });
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = $"nats://127.0.0.1:{server.Port}" });
        await Assert.ThrowsAsync<NatsException>(() => nats.ConnectAsync().AsTask());
    }

    [Fact]
    public async Task PayloadAtMaxWorksAndOneByteOverThrowsBeforeSending()
    {
        await using var server = await NatsServerProcess.StartAsync(new NatsServerOptions { ConfigText = "max_payload: 1024\n" });
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(Deadline);
        await using var sub = await nats.SubscribeCoreAsync<byte[]>("big", cancellationToken: cts.Token);
        Assert.Equal(1024, nats.ServerInfo!.MaxPayload);

        await nats.PublishAsync("big", new byte[1024], cancellationToken: cts.Token);
        Assert.Equal(1024, (await sub.Msgs.ReadAsync(cts.Token)).Data!.Length);

        var error = await Assert.ThrowsAsync<NatsPayloadTooLargeException>(() => nats.PublishAsync("big", new byte[1025], cancellationToken: cts.Token).AsTask());
        Assert.Equal(1025, error.Size);

        // Nothing reached the server, so the connection is still healthy.
        await nats.PingAsync(cts.Token);
        Assert.Equal(NatsConnectionState.Open, nats.ConnectionState);
    }

    [Fact]
    public async Task UnknownServerLineIsAnErrorNotAHang()
    {
        await using var fake = new FakeNatsServer(afterHandshake: "WHAT is this\r\n");
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = fake.Url, MaxReconnect = 0, ReconnectWait = TimeSpan.FromMilliseconds(10) });
        var lost = new TaskCompletionSource<Exception?>();
        nats.ConnectionStateChanged += (_, e) =>
        {
            if (e.State is NatsConnectionState.Reconnecting or NatsConnectionState.Closed && e.Error is not null)
            {
                lost.TrySetResult(e.Error);
            }
        };
        await nats.ConnectAsync();
        var error = await lost.Task.WaitAsync(Deadline);
        Assert.IsType<NatsProtocolException>(error);
        Assert.Contains("WHAT", error!.Message);
    }

    [Fact]
    public async Task LineArrivingInTheSameReadAsTheHandshakePongIsNotHeldBack()
    {
        // One write carries the handshake PONG and the next line, so both land in the handshake's read.
        await using var fake = new FakeNatsServer(handshakeReply: "PONG\r\nWHAT is this\r\n");
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = fake.Url, MaxReconnect = 0 });
        var lost = new TaskCompletionSource<Exception?>();
        nats.ConnectionStateChanged += (_, e) =>
        {
            if (e.Error is not null)
            {
                lost.TrySetResult(e.Error);
            }
        };
        await nats.ConnectAsync();
        Assert.IsType<NatsProtocolException>(await lost.Task.WaitAsync(Deadline));
    }

    [Fact]
    public async Task UnreachableServerFailsWithinConnectTimeout()
    {
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = $"nats://127.0.0.1:{FreePort.Next()}" });
        await Assert.ThrowsAsync<NatsException>(() => nats.ConnectAsync().AsTask());
        Assert.Equal(NatsConnectionState.Closed, nats.ConnectionState);
    }

    [Fact]
    public void ConnectionStringWithSeveralServersSharesCredentials()
    {
        var opts = NatsOpts.FromConnectionString("nats://u:p@127.0.0.1:4222,127.0.0.1:4223,tls://h:5");
        Assert.Equal("nats://127.0.0.1:4222,nats://127.0.0.1:4223,tls://h:5", opts.Url);
        Assert.Equal("u", opts.AuthOpts.Username);
        Assert.Equal("p", opts.AuthOpts.Password);
    }
}
