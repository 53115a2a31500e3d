using Microsoft.Extensions.Logging;

namespace Vrsky.DiscordBot;

/// <summary>The bot's log lines. No template carries a bot token or an interaction token.</summary>
internal static partial class BotLog
{
    [LoggerMessage(1, LogLevel.Information, "Frolf bot starting in {Mode} mode, environment {Environment}")]
    public static partial void Starting(ILogger logger, string mode, string environment);

    [LoggerMessage(2, LogLevel.Information, "Registered {Count} commands in guild {GuildId}")]
    public static partial void CommandsRegistered(ILogger logger, int count, string guildId);

    [LoggerMessage(3, LogLevel.Information, "Interaction {InteractionId} ({Name}) in guild {GuildId} acknowledged with {Response} in {ElapsedMs} ms")]
    public static partial void Acknowledged(ILogger logger, string interactionId, string name, string guildId, string response, long elapsedMs);

    [LoggerMessage(4, LogLevel.Warning, "Handling {Kind} {Id} failed on delivery {Delivery}: {Error}")]
    public static partial void HandlingFailed(ILogger logger, string kind, string id, ulong delivery, string error);

    [LoggerMessage(5, LogLevel.Error, "Message {Id} from {Stream} moved to dead letters after {Delivery} deliveries: {Error}")]
    public static partial void DeadLettered(ILogger logger, string id, string stream, ulong delivery, string error);

    [LoggerMessage(6, LogLevel.Warning, "Discord refused action {Kind} for {Id}: {Error}")]
    public static partial void ActionRefused(ILogger logger, string kind, string id, string error);

    [LoggerMessage(7, LogLevel.Information, "Guild {GuildId} set up: channels {Events}, {Leaderboard}, {Signup}")]
    public static partial void GuildSetUp(ILogger logger, string guildId, string events, string leaderboard, string signup);

    [LoggerMessage(8, LogLevel.Critical, "Stopping: {Reason}")]
    public static partial void Fatal(ILogger logger, string reason);

    [LoggerMessage(9, LogLevel.Information, "Database migrated to version {Version}")]
    public static partial void Migrated(ILogger logger, int version);

    [LoggerMessage(10, LogLevel.Warning, "Could not publish interaction {InteractionId}: {Error}")]
    public static partial void PublishFailed(ILogger logger, string interactionId, string error);

    [LoggerMessage(11, LogLevel.Warning, "Round scheduler tick failed: {Error}")]
    public static partial void SchedulerFailed(ILogger logger, string error);

    [LoggerMessage(12, LogLevel.Warning, "Gateway background work failed: {Error}")]
    public static partial void BackgroundFailed(ILogger logger, string error);

    [LoggerMessage(13, LogLevel.Information, "Deleted {Count} processed event ids older than {Retention}")]
    public static partial void ProcessedEventsPruned(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(14, LogLevel.Warning, "Deleting old processed event ids failed: {Error}")]
    public static partial void PruneFailed(ILogger logger, string error);

    [LoggerMessage(15, LogLevel.Error, "Dead-lettering a message of {Stream} that ran out of deliveries failed: {Error}")]
    public static partial void DeadLetterFailed(ILogger logger, string stream, string error);

    [LoggerMessage(16, LogLevel.Error, "Answering a dead-lettered message of {Stream} failed: {Error}")]
    public static partial void AfterDeadLetterFailed(ILogger logger, string stream, string error);
}
