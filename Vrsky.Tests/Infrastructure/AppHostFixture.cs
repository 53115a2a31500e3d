using Vrsky.Hosting;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Testing;

namespace Vrsky.Tests.Infrastructure;

/// <summary>The whole AppHost graph, started once for the tests of the "AppHost" collection, torn down after.</summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    /// <summary>Set through configuration, as a user would with Parameters__redis-password, instead of generated.</summary>
    public const string RedisPassword = "configured-redis-password-4711";

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>();
        builder.Configuration["Parameters:redis-password"] = RedisPassword;
        App = await builder.BuildAsync();
        await App.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        foreach (var resource in App.Resources.Where(r => r is not ParameterResource))
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, deadline.Token);
        }
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
