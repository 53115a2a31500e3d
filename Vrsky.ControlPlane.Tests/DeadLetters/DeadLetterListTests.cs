using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vrsky.ControlPlane.Platform;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Tests.DeadLetters;

/// <summary>A page of dead letters could be 500 payloads of up to a NATS message each: the list names sizes, a letter has its payload.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class DeadLetterListTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task ListLeavesPayloadsOutAndGivesTheirSizeWhileOneLetterHasItsPayload()
    {
        var (tenantId, _, key) = await fixture.CreateTenantAsync("dlqlist");
        var payload = Enumerable.Range(0, 64 * 1024).Select(i => (byte)i).ToArray();
        var message = new PlatformMessage("big-1", tenantId, Guid.NewGuid(), "orders.in", payload, MaxRetries: 2);
        var letters = await fixture.App.Services.GetRequiredService<PlatformStores>().DeadLettersAsync(CancellationToken.None);
        await letters.PutAsync(message.Key, new DeadLetter(message, 3, "refused", DateTimeOffset.UtcNow));
        using var client = fixture.Client(key);

        var list = await client.GetAsync($"/api/v1/tenants/{tenantId}/dead-letters");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.InRange((await list.Content.ReadAsByteArrayAsync()).Length, 1, 1024);
        var listed = Assert.Single((await ControlPlaneFixture.ReadAsync(list)).AsArray())!;
        var listedMessage = listed["message"]!.AsObject();
        Assert.False(listedMessage.ContainsKey("payload"));
        Assert.Equal(payload.Length, (int)listedMessage["payload_size"]!);
        Assert.Equal(("big-1", "orders.in", 2, 3, "refused"),
            ((string)listedMessage["id"]!, (string)listedMessage["subject"]!, (int)listedMessage["max_retries"]!, (int)listed["attempts"]!, (string)listed["last_error"]!));

        var letter = await ControlPlaneFixture.ReadAsync(await client.GetAsync($"/api/v1/tenants/{tenantId}/dead-letters/big-1"));
        Assert.Equal(payload, Convert.FromBase64String((string)letter["message"]!["payload"]!));
    }
}
