using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vrsky.ControlPlane.Platform;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Nats;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Tests.DeadLetters;

/// <summary>A replay publishes on the platform connection, so it must never reach the server's own or wildcard subjects.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ReplaySubjectTests(ControlPlaneFixture fixture)
{
    public static TheoryData<string> BadSubjects() =>
    [
        "", " ", "$JS.API.STREAM.DELETE.orders", "$SYS.REQ.SERVER.PING", "orders.*", "orders.>", ">", "orders..in", ".orders", "orders.",
        "orders in", "orders.\tin", "orders.é", new string('a', MessageSubject.MaxLength + 1),
    ];

    [Theory]
    [MemberData(nameof(BadSubjects))]
    public async Task MessageWithABadSubjectIsRefusedWhereItEnters(string subject)
    {
        var lifecycle = fixture.App.Services.GetRequiredService<MessageLifecycle>();
        var handled = false;

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            lifecycle.ProcessAsync(new PlatformMessage("subject-check", Guid.NewGuid(), Guid.NewGuid(), subject, [1]), (_, _) =>
            {
                handled = true;
                return Task.CompletedTask;
            }));

        Assert.Contains("subject", error.Message);
        Assert.False(handled);
    }

    [Fact]
    public async Task StoredDeadLetterForASystemSubjectIsNotReplayedButCanBeDiscarded()
    {
        var (tenantId, _, key) = await fixture.CreateTenantAsync("dlqsys");
        // Written to the bucket directly, as anything with access to the platform account could.
        const string subject = "$JS.API.STREAM.DELETE.vrsky-replay-victim";
        var message = new PlatformMessage("sys-1", tenantId, Guid.NewGuid(), subject, "{}"u8.ToArray());
        var letters = await fixture.App.Services.GetRequiredService<PlatformStores>().DeadLettersAsync(CancellationToken.None);
        await letters.PutAsync(message.Key, new DeadLetter(message, 4, "failed", DateTimeOffset.UtcNow));
        await using var nats = fixture.PlatformNats();
        await using var sub = await nats.SubscribeCoreAsync<byte[]>(subject);
        await nats.PingAsync();
        using var client = fixture.Client(key);

        var retry = await client.PostAsync($"/api/v1/tenants/{tenantId}/dead-letters/sys-1/retry", null);

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal("application/problem+json", retry.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'$'", (string)(await ControlPlaneFixture.ReadAsync(retry))["detail"]!);
        // Nothing was published before this marker: the first message on the subject is the test's own.
        await nats.PublishAsync(subject, "marker"u8.ToArray());
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("marker"u8.ToArray(), (await sub.Msgs.ReadAsync(wait.Token)).Data);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/tenants/{tenantId}/dead-letters/sys-1")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/tenants/{tenantId}/dead-letters/sys-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/tenants/{tenantId}/dead-letters/sys-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/tenants/{tenantId}/dead-letters/sys-1")).StatusCode);
        Assert.False((await letters.TryGetEntryAsync<DeadLetter>(message.Key)).Success);
    }
}
