using Vrsky.Hosting;
using Vrsky.Hosting.Testing;
using Vrsky.Tests.Infrastructure;

namespace Vrsky.Tests.Platform;

public sealed class DataVolumeTests
{
    [Fact]
    public async Task RedisWithADataVolumeKeepsItsDataAcrossRuns()
    {
        var name = $"volume-test-{Guid.NewGuid():N}"[..24];
        var dataDirectory = Path.Combine(TestPaths.AppHostDirectory, ".vrsky", "data", name);
        try
        {
            await using (var first = await StartRedisAsync(name))
            {
                var set = await Resp.SendAsync((await first.GetConnectionStringAsync(name))!, ["SET", "greeting", "kept"]);
                Assert.Contains("+OK\r\n+OK\r\n", set);
            }

            Assert.True(Directory.Exists(dataDirectory));
            await using var second = await StartRedisAsync(name);
            var get = await Resp.SendAsync((await second.GetConnectionStringAsync(name))!, ["GET", "greeting"]);
            Assert.Contains("$4\r\nkept\r\n", get);
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task WithoutADataVolumeEveryRunStartsEmpty()
    {
        var name = $"ephemeral-{Guid.NewGuid():N}"[..20];
        await using (var first = await StartRedisAsync(name, volume: false))
        {
            await Resp.SendAsync((await first.GetConnectionStringAsync(name))!, ["SET", "greeting", "gone"]);
        }

        await using var second = await StartRedisAsync(name, volume: false);
        Assert.Contains("$-1\r\n", await Resp.SendAsync((await second.GetConnectionStringAsync(name))!, ["GET", "greeting"]));
    }

    private static async Task<DistributedApplication> StartRedisAsync(string name, bool volume = true)
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        builder.Configuration["Vrsky:Hosting:EphemeralData"] = "false";
        var redis = builder.AddRedis(name);
        if (volume)
        {
            redis.WithDataVolume();
        }

        var app = await builder.BuildAsync();
        await app.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline.Token);
        return app;
    }
}
