namespace Vrsky.DiscordBot.Bridge;

/// <summary>
/// Every NATS name the bot uses, all scoped by ENVIRONMENT so two environments sharing one NATS server never see each
/// other's streams, subjects or consumers.
/// </summary>
public sealed class BotSubjects(string environment)
{
    public string Environment { get; } = environment;

    /// <summary>Gateway → workers: interactions and other Discord events, per guild.</summary>
    public string Interaction(string guildId) => $"discord.{Environment}.interaction.{guildId}";

    /// <summary>Workers → gateway: Discord actions to perform, per guild.</summary>
    public string Response(string guildId) => $"discord.{Environment}.response.{guildId}";

    /// <summary>Messages that failed <see cref="Modes.BotOptions.MaxDeliver"/> times.</summary>
    public string DeadLetter(string source) => $"discord.{Environment}.deadletter.{source}";

    public string InteractionStream => $"DISCORD_{Environment}_INTERACTIONS";

    public string ResponseStream => $"DISCORD_{Environment}_RESPONSES";

    public string DeadLetterStream => $"DISCORD_{Environment}_DEADLETTER";

    public string InteractionSubjects => $"discord.{Environment}.interaction.>";

    public string ResponseSubjects => $"discord.{Environment}.response.>";

    public string DeadLetterSubjects => $"discord.{Environment}.deadletter.>";

    /// <summary>Key-value bucket of the responses' actions the gateway has performed (<see cref="Modes.CompletedActions"/>).</summary>
    public string CompletedActionsBucket => $"DISCORD_{Environment}_ACTIONS";

    /// <summary>The workers' shared durable pull consumer (competing consumers).</summary>
    public string WorkerConsumer => $"frolf-{Environment}-workers";

    /// <summary>The gateway's durable consumer of responses.</summary>
    public string GatewayConsumer => $"frolf-{Environment}-gateway";
}
