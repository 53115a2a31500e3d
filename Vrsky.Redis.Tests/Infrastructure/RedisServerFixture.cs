namespace Vrsky.Redis.Tests.Infrastructure;

/// <summary>One redis-server shared by the tests of a class; each test uses its own keys.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    public RedisConnection Connect(Func<RedisOpts, RedisOpts>? configure = null) =>
        new(configure is null ? Server.Opts : configure(Server.Opts));

    public static string Key(string name) => $"test:{name}:{Guid.NewGuid():N}";

    public async Task InitializeAsync() => _server = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
