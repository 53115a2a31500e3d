using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vrsky.TokenWorker.Tests.Infrastructure;

namespace Vrsky.TokenWorker.Tests.Requests;

[Collection(TokenWorkerCollection.Name)]
public sealed class TokenRequestTests(TokenWorkerFixture fixture)
{
    [Fact]
    public async Task HappyPathReturnsATokenTheProviderItselfAccepts()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(fixture, subject);
        await using var client = new TokenClient(fixture.Nats.Url);

        var reply = await client.RequestAsync(subject, TokenClient.Request(clientId, secret, scope: "tokens:read", requestId: "req-1"));

        Assert.Equal("req-1", (string?)reply["request_id"]);
        Assert.Equal("Bearer", (string?)reply["token_type"]);
        Assert.Equal("tokens:read", (string?)reply["scope"]);
        Assert.InRange((long)reply["expires_in"]!, 290, 300);
        Assert.False(reply.ContainsKey("error"));
        var introspection = await fixture.Idp.IntrospectAsync(clientId, (string)reply["access_token"]!);
        Assert.True((bool)introspection["active"]!);
        Assert.Equal(clientId, (string?)introspection["client_id"]);
        Assert.Equal("tokens:read", (string?)introspection["scope"]);
    }

    [Fact]
    public async Task ClientSecretBasicAuthenticationWorksToo()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(fixture, subject, flags: ["-idp-auth-method", "client_secret_basic"]);
        await using var client = new TokenClient(fixture.Nats.Url);

        var reply = await client.RequestAsync(subject, TokenClient.Request(clientId, secret));

        Assert.True((bool)(await fixture.Idp.IntrospectAsync(clientId, (string)reply["access_token"]!))["active"]!);
    }

    [Fact]
    public async Task WrongSecretIsInvalidClientAndLeavesNoCacheEntry()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(fixture, subject);
        await using var client = new TokenClient(fixture.Nats.Url);

        var first = await client.RequestAsync(subject, TokenClient.Request(clientId, "wrong", requestId: "bad-1"));
        var second = await client.RequestAsync(subject, TokenClient.Request(clientId, "wrong"));

        Assert.Equal("bad-1", (string?)first["request_id"]);
        Assert.Equal("invalid_client", (string?)first["error"]);
        Assert.Equal(401, (int)first["status"]!);
        Assert.False(first.ContainsKey("access_token"));
        Assert.Equal("invalid_client", (string?)second["error"]);
        Assert.Equal(2, await fixture.Idp.TokenCallsAsync(clientId)); // the error was not served from a cache
        Assert.True((await client.RequestAsync(subject, TokenClient.Request(clientId, secret))).ContainsKey("access_token"));
    }

    [Fact]
    public async Task DisallowedScopeIsTheProvidersInvalidScope()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(fixture, subject);
        await using var client = new TokenClient(fixture.Nats.Url);

        var reply = await client.RequestAsync(subject, TokenClient.Request(clientId, secret, scope: "openid"));

        Assert.Equal("invalid_scope", (string?)reply["error"]);
        Assert.Equal(400, (int)reply["status"]!);
    }

    [Fact]
    public async Task CacheHitDoesNotCallTheIdp()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(fixture, subject);
        await using var client = new TokenClient(fixture.Nats.Url);

        var first = await client.RequestAsync(subject, TokenClient.Request(clientId, secret, scope: "tokens:read tokens:write"));
        // Same scope set in another order: the same cache entry (RFC 6749 §3.3).
        var second = await client.RequestAsync(subject, TokenClient.Request(clientId, secret, scope: "tokens:write tokens:read"));
        var third = await client.RequestAsync(subject, TokenClient.Request(clientId, secret, scope: "tokens:read"));

        Assert.Equal((string?)first["access_token"], (string?)second["access_token"]);
        Assert.NotEqual((string?)first["access_token"], (string?)third["access_token"]);
        Assert.Equal(2, await fixture.Idp.TokenCallsAsync(clientId));
    }

    [Fact]
    public async Task TwoSecretsForOneClientIdNeverShareAToken()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(fixture, subject);
        await using var client = new TokenClient(fixture.Nats.Url);

        var genuine = await client.RequestAsync(subject, TokenClient.Request(clientId, secret));
        var impostor = await client.RequestAsync(subject, TokenClient.Request(clientId, secret + "x"));

        Assert.True(genuine.ContainsKey("access_token"));
        Assert.False(impostor.ContainsKey("access_token"));
        Assert.Equal("invalid_client", (string?)impostor["error"]);
        Assert.DoesNotContain((string)genuine["access_token"]!, impostor.ToJsonString());
    }

    [Fact]
    public async Task CachedTokenIsServedUntilExpiresInMinusTheMarginThenRenewed()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        var clock = new ManualTimeProvider();
        await using var worker = await WorkerHost.StartAsync(fixture, subject, flags: ["-cache-margin", "30"],
            configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        await using var client = new TokenClient(fixture.Nats.Url);

        var first = await client.RequestAsync(subject, TokenClient.Request(clientId, secret));
        clock.Advance(TimeSpan.FromSeconds(100));
        var hit = await client.RequestAsync(subject, TokenClient.Request(clientId, secret));
        clock.Advance(TimeSpan.FromSeconds(169)); // 269 s: one second before 300 - 30
        var lastHit = await client.RequestAsync(subject, TokenClient.Request(clientId, secret));
        clock.Advance(TimeSpan.FromSeconds(2)); // 271 s: inside the margin
        var renewed = await client.RequestAsync(subject, TokenClient.Request(clientId, secret));

        Assert.Equal((string?)first["access_token"], (string?)hit["access_token"]);
        Assert.InRange((long)hit["expires_in"]!, 195, 200); // the true remaining lifetime, not the IdP's original 300
        Assert.Equal((string?)first["access_token"], (string?)lastHit["access_token"]);
        Assert.NotEqual((string?)first["access_token"], (string?)renewed["access_token"]);
        Assert.Equal(2, await fixture.Idp.TokenCallsAsync(clientId));
    }

    [Fact]
    public async Task HundredConcurrentIdenticalMissesMakeExactlyOneIdpCall()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(fixture, subject, flags: ["-max-concurrency", "128"]);
        await using var client = new TokenClient(fixture.Nats.Url);

        var replies = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
            client.RequestAsync(subject, TokenClient.Request(clientId, secret, scope: "tokens:write"))));

        Assert.All(replies, r => Assert.True(r.ContainsKey("access_token"), r.ToJsonString()));
        Assert.Single(replies.Select(r => (string?)r["access_token"]).Distinct());
        Assert.Equal(1, await fixture.Idp.TokenCallsAsync(clientId));
    }

    [Theory]
    [InlineData("{not json", "not a valid JSON")]
    [InlineData("[1,2]", "not a valid JSON")]
    [InlineData("{\"request_id\":\"r\",\"client_secret\":\"s\"}", "client_id is required")]
    [InlineData("{\"request_id\":\"r\",\"client_id\":\"c\"}", "client_secret is required")]
    [InlineData("{\"client_id\":\"c\",\"client_secret\":\"s\"}", "request_id is required")]
    [InlineData("{\"request_id\":\"r\",\"client_id\":7,\"client_secret\":\"s\"}", "not a valid JSON")]
    [InlineData("", "not a valid JSON")]
    public async Task BadInputIsInvalidRequestAndTheWorkerKeepsServing(string payload, string description)
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(fixture, subject);
        await using var client = new TokenClient(fixture.Nats.Url);

        var reply = await client.RequestRawAsync(subject, Encoding.UTF8.GetBytes(payload));

        Assert.Equal("invalid_request", (string?)reply["error"]);
        Assert.Equal(400, (int)reply["status"]!);
        Assert.Contains(description, (string?)reply["error_description"]);
        Assert.True((await client.RequestAsync(subject, TokenClient.Request(clientId, secret))).ContainsKey("access_token"));
    }

    [Fact]
    public async Task OversizePayloadIsInvalidRequestAndTheWorkerKeepsServing()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        await using var worker = await WorkerHost.StartAsync(fixture, subject, flags: ["-max-request-bytes", "1024"]);
        await using var client = new TokenClient(fixture.Nats.Url);

        var oversize = JsonSerializer.SerializeToUtf8Bytes(TokenClient.Request(clientId, secret, audience: new string('a', 2000), requestId: "big"));
        var reply = await client.RequestRawAsync(subject, oversize);

        Assert.Equal("invalid_request", (string?)reply["error"]);
        Assert.Contains("larger than 1024 bytes", (string?)reply["error_description"]);
        Assert.Equal(0, await fixture.Idp.TokenCallsAsync(clientId));
        Assert.True((await client.RequestAsync(subject, TokenClient.Request(clientId, secret))).ContainsKey("access_token"));
    }

    // What a loaded 2-core CI machine adds to a deadline kept by a freshly started worker (seen: 1.7 s); a worker that
    // ignored its deadline would leave the request to the client's 10 s timeout.
    private static readonly TimeSpan DeadlineSlack = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task IdpDownIsTemporarilyUnavailableWithinTheDeadline()
    {
        var subject = fixture.TakeSubject();
        await using var worker = await WorkerHost.StartAsync(fixture, subject,
            environment: new Dictionary<string, string?> { ["IDP_URL"] = $"http://127.0.0.1:{FreePort.Next()}" },
            flags: ["-request-timeout", "2", "-idp-retry-delay", "0.05"]);
        await using var client = new TokenClient(fixture.Nats.Url);

        var watch = Stopwatch.StartNew();
        var reply = await client.RequestAsync(subject, TokenClient.Request("client-x", "secret-x"), TimeSpan.FromSeconds(10));

        Assert.Equal("temporarily_unavailable", (string?)reply["error"]);
        Assert.Equal(503, (int)reply["status"]!);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2) + DeadlineSlack, $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task HangingIdpIsTemporarilyUnavailableWithinTheDeadline()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (the backlog) and never answers
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var subject = fixture.TakeSubject();
        await using var worker = await WorkerHost.StartAsync(fixture, subject,
            environment: new Dictionary<string, string?> { ["IDP_URL"] = $"http://127.0.0.1:{port}", ["IDP_TIMEOUT"] = "0.4" },
            flags: ["-request-timeout", "1.5", "-idp-retry-delay", "0.05"]);
        await using var client = new TokenClient(fixture.Nats.Url);

        var watch = Stopwatch.StartNew();
        var reply = await client.RequestAsync(subject, TokenClient.Request("client-y", "secret-y"), TimeSpan.FromSeconds(10));

        Assert.Equal("temporarily_unavailable", (string?)reply["error"]);
        Assert.Contains("no answer within", (string?)reply["error_description"]);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5) + DeadlineSlack, $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task ClientNameCarriesTheSuffixAtTheServer()
    {
        var subject = fixture.TakeSubject();
        var suffix = $"pod-{Guid.NewGuid():N}";
        await using var worker = await WorkerHost.StartAsync(fixture, subject, environment: new Dictionary<string, string?> { ["POD_NAME"] = suffix });

        await Eventually.WaitAsync(async () => (await fixture.Nats.GetMonitorAsync("/connz?limit=1024")).Contains($"\"Token Worker-{suffix}\""),
            TimeSpan.FromSeconds(5), "the worker's connection name at /connz");
    }
}
