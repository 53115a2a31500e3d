using System.Text;
using Vrsky.TokenWorker.Tests.Infrastructure;

namespace Vrsky.TokenWorker.Tests.Requests;

[Collection(TokenWorkerCollection.Name)]
public sealed class LogHygieneTests(TokenWorkerFixture fixture)
{
    [Fact]
    public async Task LogsContainNoSecretAndNoToken()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        var logs = new LogCapture();
        var tokens = new List<string>();
        await using (var worker = await WorkerHost.StartAsync(fixture, subject, environment: new Dictionary<string, string?> { ["LOG_LEVEL"] = "debug" }, logs: logs))
        await using (var client = new TokenClient(fixture.Nats.Url))
        {
            tokens.Add((string)(await client.RequestAsync(subject, TokenClient.Request(clientId, secret)))["access_token"]!);
            tokens.Add((string)(await client.RequestAsync(subject, TokenClient.Request(clientId, secret)))["access_token"]!); // cache hit
            tokens.Add((string)(await client.RequestAsync(subject, TokenClient.Request(clientId, secret, scope: "tokens:read")))["access_token"]!);
            await client.RequestAsync(subject, TokenClient.Request(clientId, secret + "-wrong"));
            await client.RequestRawAsync(subject, Encoding.UTF8.GetBytes($"{{\"request_id\":\"x\",\"client_id\":\"{clientId}\",\"client_secret\":\"{secret}\",\"scope\":5}}"));
            await client.RequestRawAsync(subject, Encoding.UTF8.GetBytes($"{{\"client_secret\":\"{secret}\""));
        }

        Assert.Contains(logs.Lines, l => l.Contains("Token for request"));      // debug lines were captured
        Assert.Contains(logs.Lines, l => l.Contains("invalid_client"));
        Assert.Contains(logs.Lines, l => l.Contains("Rejected request"));
        Assert.Contains(logs.Lines, l => l.Contains("Drained"));
        Assert.DoesNotContain(secret, logs.All);
        Assert.All(tokens.Distinct(), token => Assert.DoesNotContain(token, logs.All));
    }
}
