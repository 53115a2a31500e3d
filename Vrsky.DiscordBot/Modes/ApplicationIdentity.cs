namespace Vrsky.DiscordBot.Modes;

/// <summary>The application id (DISCORD_APP_ID, else READY's) and the bot's user id, learned by the gateway.</summary>
public sealed class ApplicationIdentity(BotOptions options)
{
    private volatile string? _applicationId = options.ApplicationId;
    private volatile string? _botUserId;

    public string? ApplicationId => _applicationId;

    public string? BotUserId => _botUserId;

    public void Learn(string applicationId, string botUserId)
    {
        _applicationId ??= applicationId;
        _botUserId = botUserId;
    }
}
