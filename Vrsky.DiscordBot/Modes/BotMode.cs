namespace Vrsky.DiscordBot.Modes;

/// <summary>BOT_MODE: which halves of the bot this process runs.</summary>
public enum BotMode
{
    /// <summary>Gateway and worker in one process (the default).</summary>
    Standalone,

    /// <summary>Holds the Discord connection; exactly one replica.</summary>
    Gateway,

    /// <summary>Processes interactions from JetStream with PostgreSQL; any number of replicas.</summary>
    Worker,
}
