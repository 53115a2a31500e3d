namespace Vrsky.TokenWorker.Tests.Infrastructure;

/// <summary>One real nats-server and one real IdP shared by the tests of the collection; each test takes its own IdP clients and subject.</summary>
public sealed class TokenWorkerFixture : IAsyncLifetime
{
    private int _nextClient;
    private int _nextSubject;

    public NatsServerProcess Nats { get; private set; } = null!;

    public IdpProcess Idp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var nats = NatsServerProcess.StartAsync(new NatsServerOptions { Monitoring = true });
        var idp = IdpProcess.StartAsync(clientCount: 40);
        Nats = await nats;
        Idp = await idp;
    }

    /// <summary>An IdP client no other test uses, so its token endpoint call count is this test's alone.</summary>
    public (string Id, string Secret) TakeClient()
    {
        var id = $"client-{Interlocked.Increment(ref _nextClient)}";
        return (id, Idp.Clients[id]);
    }

    /// <summary>A token subject no other test's workers listen on.</summary>
    public string TakeSubject() => $"token.request.t{Interlocked.Increment(ref _nextSubject)}";

    public async Task DisposeAsync()
    {
        await Idp.DisposeAsync();
        await Nats.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TokenWorkerCollection : ICollectionFixture<TokenWorkerFixture>
{
    public const string Name = "token worker against real nats-server and IdP";
}
