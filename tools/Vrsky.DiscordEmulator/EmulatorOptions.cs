namespace Vrsky.DiscordEmulator;

/// <summary>What the emulated Discord accepts and how fast it talks.</summary>
public sealed record EmulatorOptions
{
    /// <summary>The only bot token accepted by REST and IDENTIFY (anything else: 401 and close code 4004).</summary>
    public string Token { get; init; } = "emulator-token";

    public string ApplicationId { get; init; } = "900000000000000001";

    /// <summary>Guilds the bot is in from the start, each with a text channel <c>general</c>.</summary>
    public IReadOnlyList<string> GuildIds { get; init; } = ["800000000000000001"];

    /// <summary>The user who owns every emulated guild: interactions carry all permissions for them, basic ones for everybody else.</summary>
    public string OwnerId { get; init; } = "700000000000000001";

    /// <summary>HELLO's heartbeat_interval (Discord sends about 41 s).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(41.25);

    /// <summary>Every intent bit API v10 defines (0-16, 20, 21, 24, 25).</summary>
    public const int ApiV10Intents = ((1 << 17) - 1) | (1 << 20) | (1 << 21) | (1 << 24) | (1 << 25);

    /// <summary>Intent bits IDENTIFY may carry; any other bit closes the connection with 4013 (invalid intents).</summary>
    public int KnownIntents { get; init; } = ApiV10Intents;

    /// <summary>Privileged intents (members, presences, message content) enabled for the application.</summary>
    public bool PrivilegedIntentsAllowed { get; init; }

    /// <summary>Requests per bucket per <see cref="BucketWindow"/> before a 429 (reported in X-RateLimit-* headers).</summary>
    public int BucketLimit { get; init; } = 50;

    public TimeSpan BucketWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Dispatches kept per session for RESUME; a client that missed more gets op 9 d=false and must identify.</summary>
    public int ReplayBufferSize { get; init; } = 1000;

    /// <summary>How long a disconnected session can still be resumed; after that it is forgotten (RESUME gets op 9 d=false).</summary>
    public TimeSpan SessionResumeWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Sessions kept at most; each IDENTIFY beyond it forgets the least recently connected (its socket closed).</summary>
    public int MaxSessions { get; init; } = 100;

    /// <summary>Interactions kept at most (for responses and the control API's state); the oldest go first.</summary>
    public int MaxInteractions { get; init; } = 10_000;

    /// <summary>Discord's deadline for the first interaction response.</summary>
    public TimeSpan InteractionDeadline { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }
}
