using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Vrsky.Redis.Tests.Infrastructure;

namespace Vrsky.Redis.Tests.ServiceDefaults;

public class RedisClientExtensionsTests
{
    [Fact]
    public void MissingConnectionStringNamesTheEnvironmentVariable()
    {
        var builder = Host.CreateApplicationBuilder();
        var e = Assert.Throws<InvalidOperationException>(() => builder.AddRedisClient("redis"));
        Assert.Contains("ConnectionStrings__redis", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistersOneConnectionAndAHealthCheckNamedAfterIt()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:redis"] = "127.0.0.1:6399,password=hunter2";
        builder.AddRedisClient("redis");
        builder.AddRedisClient("redis");
        builder.Configuration["ConnectionStrings:cache"] = "127.0.0.1:6400";
        builder.AddKeyedRedisClient("cache");

        using var host = builder.Build();
        var connection = host.Services.GetRequiredService<IRedisConnection>();
        Assert.Same(connection, host.Services.GetRequiredService<IRedisConnection>());
        Assert.Equal(6399, connection.Opts.Port);
        Assert.Equal("hunter2", connection.Opts.Password);
        Assert.Equal(6400, host.Services.GetRequiredKeyedService<IRedisConnection>("cache").Opts.Port);

        var checks = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Contains(checks, c => c.Name == "redis");
        Assert.Contains(checks, c => c.Name == "cache_cache");
    }

    [Fact]
    public async Task HealthCheckPingsTheServer()
    {
        await using var server = await RedisServerProcess.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:redis"] = server.ConnectionString;
        builder.AddRedisClient("redis");
        using var host = builder.Build();

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Entries["redis"].Status);

        var connection = host.Services.GetRequiredService<IRedisConnection>();
        await server.StopAsync();
        await Eventually.WaitAsync(
            () => Task.FromResult(connection.ConnectionState == RedisConnectionState.Reconnecting),
            TimeSpan.FromSeconds(5),
            "the client notices the server is gone");

        // Reconnecting answers at once (a PING would only queue until its timeout).
        health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Entries["redis"].Status);
        Assert.Contains("reconnecting", health.Entries["redis"].Description, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, health.Entries["redis"].Description ?? "", StringComparison.Ordinal);
    }
}
