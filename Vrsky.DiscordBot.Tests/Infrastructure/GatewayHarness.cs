using System.Collections.Concurrent;
using Vrsky.Discord;
using Vrsky.Discord.Gateway;
using Vrsky.DiscordEmulator;

namespace Vrsky.DiscordBot.Tests.Infrastructure;

/// <summary>An emulator plus a gateway client pointed at it, with every received event recorded.</summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _events;

    private GatewayHarness(DiscordEmulator.DiscordEmulator emulator, DiscordGatewayClient client)
    {
        Emulator = emulator;
        Client = client;
    }

    /// <summary>
    /// A 1 s heartbeat interval: short enough for heartbeat and zombie tests, long enough that an ACK delayed on a loaded
    /// machine is not taken for a zombie connection (200 ms was once exceeded, and the extra RESUME broke a test's counts).
    /// </summary>
    public static readonly EmulatorOptions DefaultEmulatorOptions = new() { HeartbeatInterval = TimeSpan.FromSeconds(1) };

    public DiscordEmulator.DiscordEmulator Emulator { get; }

    public DiscordGatewayClient Client { get; }

    public Task Run { get; private set; } = Task.CompletedTask;

    public ConcurrentQueue<DiscordEvent> Events { get; } = new();

    /// <param name="readEvents">False leaves the events unread until <see cref="StartReading"/> (a slow consumer).</param>
    public static async Task<GatewayHarness> StartAsync(EmulatorOptions? emulatorOptions = null, Func<DiscordOpts, DiscordOpts>? configure = null, bool readEvents = true)
    {
        var emulator = await DiscordEmulator.DiscordEmulator.StartAsync(emulatorOptions ?? DefaultEmulatorOptions);
        var opts = new DiscordOpts
        {
            Token = emulator.Options.Token,
            ApiBaseUrl = emulator.ApiBaseUrl,
            GatewayUrl = emulator.GatewayUrl,
            InvalidSessionDelay = TimeSpan.FromMilliseconds(50),
        };
        var harness = new GatewayHarness(emulator, new DiscordGatewayClient(configure?.Invoke(opts) ?? opts));
        harness.Run = harness.Client.RunAsync(harness._stop.Token);
        if (readEvents)
        {
            harness.StartReading();
        }

        return harness;
    }

    public void StartReading() => _events = Task.Run(async () =>
    {
        await foreach (var evt in Client.ReadEventsAsync(_stop.Token))
        {
            Events.Enqueue(evt);
        }
    });

    public async Task WaitReadyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Client.WaitUntilReadyAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(Run, _events ?? Task.CompletedTask);
        }
        catch (Exception e) when (e is OperationCanceledException or DiscordGatewayException)
        {
            // Stopped, or a test that expected the fatal close already looked at it.
        }

        await Client.DisposeAsync();
        await Emulator.DisposeAsync();
        _stop.Dispose();
    }
}
