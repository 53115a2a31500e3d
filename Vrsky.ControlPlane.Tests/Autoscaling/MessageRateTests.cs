using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Nats;

namespace Vrsky.ControlPlane.Tests.Autoscaling;

[Collection(ControlPlaneCollection.Name)]
public sealed class MessageRateTests(ControlPlaneFixture fixture)
{
    // Modest and long enough that a loaded 2-core machine, starving the 250 ms autoscaler, still yields several readings.
    private const int Rate = 10_000;
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task MeasuredRateMatchesWhatWasPublished()
    {
        var (tenantId, _, key) = await fixture.CreateTenantAsync("rate");
        using var client = fixture.Client(key);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/integrations", new { name = "load" })).StatusCode);
        var discovery = await fixture.WaitForInstancesAsync(tenantId, i => i.Count == 1 && (string)i[0]!["status"]! == "active", TimeSpan.FromSeconds(30), "instance active");
        var credentials = discovery["credentials"]!;
        await using var publisher = new NatsConnection(NatsOpts.Default with
        {
            Url = (string)discovery["url"]!,
            AuthOpts = new NatsAuthOpts { Username = (string)credentials["user"]!, Password = (string)credentials["password"]! },
        });
        await publisher.ConnectAsync();

        // Paced load in the background; the autoscaler's readings are collected while it runs steadily.
        var watch = Stopwatch.StartNew();
        long sent = 0;
        // When the pacing last caught up: a loaded machine can stall the last burst past the end of the load, and the
        // messages it never sent are not part of the rate the instance saw.
        var paced = TimeSpan.Zero;
        var load = Task.Run(async () =>
        {
            var payload = new byte[64];
            while (watch.Elapsed < LoadDuration)
            {
                paced = watch.Elapsed;
                var due = (long)(paced.TotalSeconds * Rate);
                while (sent < due)
                {
                    await publisher.PublishAsync("load.test", payload);
                    sent++;
                }

                await Task.Delay(1);
            }

            await publisher.FlushAsync();
        });

        var readings = new List<double>();
        string? lastPoll = null;
        while (!load.IsCompleted)
        {
            var instance = (await ControlPlaneFixture.ReadAsync(await client.GetAsync($"/api/v1/tenants/{tenantId}/nats-instances")))["instances"]![0]!;
            var polled = (string?)instance["last_polled_at"];
            // Readings from the first second may span the start of the load; later ones see it steady.
            if (polled != lastPoll && watch.Elapsed > TimeSpan.FromSeconds(1.5) && watch.Elapsed < LoadDuration - TimeSpan.FromMilliseconds(300))
            {
                readings.Add((double)instance["message_rate_avg"]!);
            }

            lastPoll = polled;
            await Task.Delay(50);
        }

        await load;
        var published = sent / paced.TotalSeconds;
        Assert.True(readings.Count >= 3, $"only {readings.Count} readings");
        var median = readings.Order().ElementAt(readings.Count / 2);
        Assert.InRange(median, published * 0.9, published * 1.1);
    }
}
