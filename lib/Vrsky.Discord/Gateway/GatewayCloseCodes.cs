namespace Vrsky.Discord.Gateway;

/// <summary>What each gateway close code means for the next connection.</summary>
public static class GatewayCloseCodes
{
    public const int AuthenticationFailed = 4004;
    public const int InvalidSeq = 4007;
    public const int SessionTimedOut = 4009;
    public const int InvalidShard = 4010;
    public const int ShardingRequired = 4011;
    public const int InvalidApiVersion = 4012;
    public const int InvalidIntents = 4013;
    public const int DisallowedIntents = 4014;

    /// <summary>Sent by the client itself when it drops a connection it wants to resume (1000/1001 would end the session).</summary>
    public const int ClientReconnect = 4000;

    /// <summary>Codes after which reconnecting cannot help, with the message an operator needs.</summary>
    public static string? FatalReason(int code) => code switch
    {
        AuthenticationFailed => "authentication failed: the bot token (DISCORD_TOKEN) is invalid",
        InvalidShard => "invalid shard",
        ShardingRequired => "sharding required: the bot is in too many guilds for one connection",
        InvalidApiVersion => "invalid gateway API version",
        InvalidIntents => "invalid intents: the intents value is not a valid bitfield",
        DisallowedIntents => "disallowed intents: a privileged intent is not enabled for this application in the Developer Portal",
        _ => null,
    };

    /// <summary>Codes after which the session is gone: identify again instead of resuming.</summary>
    public static bool EndsSession(int code) => code is InvalidSeq or SessionTimedOut or 1000 or 1001;
}
