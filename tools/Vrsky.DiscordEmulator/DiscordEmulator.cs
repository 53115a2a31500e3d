using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Vrsky.DiscordEmulator.Control;
using Vrsky.DiscordEmulator.Gateway;
using Vrsky.DiscordEmulator.Rest;
using Vrsky.DiscordEmulator.State;

namespace Vrsky.DiscordEmulator;

/// <summary>
/// A local stand-in for Discord on 127.0.0.1: the gateway WebSocket (<c>/gateway</c>) and the REST API
/// (<c>/api/v10</c>) over real sockets, plus user actions (commands, buttons, modals, reactions) that become
/// INTERACTION_CREATE and MESSAGE_REACTION_ADD dispatches. Used by the tests in-process and by the AppHost as a resource.
/// </summary>
public sealed partial class DiscordEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _version;

    private DiscordEmulator(EmulatorOptions options, WebApplication app, TimeProvider time)
    {
        Options = options;
        _app = app;
        Time = time;
        State = new EmulatorState(options.MaxInteractions, time);
        foreach (var guild in options.GuildIds)
        {
            State.AddGuild(guild);
        }

        Gateway = new GatewayHub(options, State, () => GatewayUrl, time);
        RateLimits = new RestRateLimits(options, time);
    }

    public EmulatorOptions Options { get; }

    public EmulatorState State { get; }

    public GatewayHub Gateway { get; }

    public RestRateLimits RateLimits { get; }

    public RestFaults Faults { get; } = new();

    public TimeProvider Time { get; }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>What a client sets as its API base (…/api/v10).</summary>
    public Uri ApiBaseUrl => new(BaseUrl, "api/v10");

    public Uri GatewayUrl => new($"ws://{BaseUrl.Authority}/gateway");

    /// <summary>Grows with every state change a REST call or user action made.</summary>
    public long Version => Interlocked.Read(ref _version);

    internal void NotifyChanged() => Interlocked.Increment(ref _version);

    /// <param name="time">The emulator's clock for rate-limit windows and session expiry; tests move a manual one.</param>
    public static async Task<DiscordEmulator> StartAsync(
        EmulatorOptions? options = null, string[]? args = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port, l => l.Protocols = HttpProtocols.Http1));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var emulator = new DiscordEmulator(options, app, time ?? TimeProvider.System);
        app.UseWebSockets();
        app.UseRouting();
        app.Map("/gateway", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await emulator.Gateway.HandleAsync(socket, context.RequestAborted).ConfigureAwait(false);
        });
        app.MapRestApi(emulator);
        app.MapControlApi(emulator);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Urls.First();
        emulator.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return emulator;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Gateway.DropConnections();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
