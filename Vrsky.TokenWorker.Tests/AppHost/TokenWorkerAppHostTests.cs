extern alias apphost;

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Vrsky.Hosting.Testing;
using Vrsky.TokenWorker.Tests.Infrastructure;

namespace Vrsky.TokenWorker.Tests.AppHost;

/// <summary>The AppHost's own graph: the token worker behind NATS, the oidc-provider resource <c>idp</c> as its IdP.</summary>
public sealed class TokenWorkerAppHostTests
{
    private const string ClientId = "apphost-test-client";
    private const string ClientSecret = "apphost-test-secret-0815";

    [Fact]
    public async Task TokenThroughTheAppHostIsAcceptedByItsIdentityProvider()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<apphost::Program>();
        builder.Configuration["Parameters:idp-client-id"] = ClientId;
        builder.Configuration["Parameters:idp-client-secret"] = ClientSecret;
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await app.ResourceNotifications.WaitForResourceHealthyAsync("idp", deadline.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("tokenworker", deadline.Token);

        await using var client = new TokenClient((await app.GetConnectionStringAsync("nats"))!);
        var reply = await client.RequestAsync("token.request", TokenClient.Request(ClientId, ClientSecret, scope: "tokens:read", requestId: "via-apphost"));
        var wrong = await client.RequestAsync("token.request", TokenClient.Request(ClientId, "not-the-secret"));

        Assert.Equal("via-apphost", (string?)reply["request_id"]);
        Assert.Equal("invalid_client", (string?)wrong["error"]);
        using var http = new HttpClient { BaseAddress = app.GetEndpoint("idp") };
        using var introspect = new HttpRequestMessage(HttpMethod.Post, "/realms/phoenix/protocol/openid-connect/token/introspect")
        {
            Content = new FormUrlEncodedContent([new("token", (string)reply["access_token"]!)]),
        };
        introspect.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));
        var introspection = JsonNode.Parse(await (await http.SendAsync(introspect)).Content.ReadAsStringAsync())!;
        Assert.True((bool)introspection["active"]!);
        Assert.Equal(ClientId, (string?)introspection["client_id"]);

        // Neither the secret nor the token appears in the worker's console output.
        Assert.DoesNotContain(app.ResourceLogs.GetLines("tokenworker"), l => l.Content.Contains(ClientSecret) || l.Content.Contains((string)reply["access_token"]!));

        // Stopping while a resource still waits for its dependencies (RabbitMQ takes ~8 s) throws from the orchestrator,
        // so the test lets the rest of the graph come up before the application is disposed.
        foreach (var resource in app.Resources.Where(r => r is not Vrsky.Hosting.ApplicationModel.ParameterResource))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, deadline.Token);
        }
    }
}
