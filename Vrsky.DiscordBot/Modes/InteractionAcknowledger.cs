using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vrsky.Discord;
using Vrsky.Discord.Models;
using Vrsky.Discord.Rest;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Rounds;
using Vrsky.DiscordBot.Setup;
using Vrsky.ServiceDefaults.Telemetry;

namespace Vrsky.DiscordBot.Modes;

/// <summary>
/// Gateway half, per interaction: answers within Discord's 3 s. Modals (which cannot be deferred) are shown at once;
/// everything that needs the database is deferred (type 5, or 6 for buttons that update their message) and published
/// to <c>discord.&lt;env&gt;.interaction.&lt;guild&gt;</c>, where a worker picks it up.
/// </summary>
public sealed class InteractionAcknowledger(IDiscordRestClient rest, EventBus bus, GuildSetup setup, ApplicationIdentity identity, ILogger<InteractionAcknowledger> logger)
{
    public const string PublishFailedText = "Sorry, that did not work. Please try again in a moment.";

    public async Task HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var name = interaction.Data?.Name ?? interaction.Data?.CustomId ?? "?";
        // The trace of this interaction: the acknowledgement, the publish, a worker's handling and the response's REST calls.
        using var activity = BusActivities.StartInteraction(interaction);
        var publish = false;
        try
        {
            (var response, publish) = await DecideAsync(interaction, cancellationToken).ConfigureAwait(false);
            await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, response, cancellationToken).ConfigureAwait(false);
            BotLog.Acknowledged(logger, interaction.Id, name, interaction.GuildId ?? "-", response.Type.ToString(), watch.ElapsedMilliseconds);
            if (interaction.Type == InteractionType.ModalSubmit && interaction.Data?.CustomId == BotCommands.SetupModal)
            {
                await SetUpGuildAsync(interaction, cancellationToken).ConfigureAwait(false);
            }
            else if (publish)
            {
                await bus.PublishEventAsync(new BotEvent { Id = "interaction:" + interaction.Id, Kind = BotEventKinds.Interaction, GuildId = interaction.GuildId!, Interaction = interaction }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is DiscordException or Nats.NatsException or IOException or HttpRequestException or TimeoutException)
        {
            activity.RecordFailure(e);
            BotMetrics.InteractionsFailed.Add(1, new KeyValuePair<string, object?>("kind", InteractionKind.Of(interaction)));
            BotLog.PublishFailed(logger, interaction.Id, e.Message);
            if (publish)
            {
                await TryApologiseAsync(interaction, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<(InteractionResponse Response, bool Publish)> DecideAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        var data = interaction.Data;
        if (interaction.GuildId is null)
        {
            return (InteractionResponse.Reply("The frolf bot works inside a server.", ephemeral: true), false);
        }

        // Refused before the modal opens, and only the caller sees why.
        if (interaction.Type == InteractionType.ApplicationCommand && data?.Name == BotCommands.FrolfSetup && !await IsAdminAsync(interaction, cancellationToken).ConfigureAwait(false))
        {
            return (InteractionResponse.Reply(AdminAccess.Refusal, ephemeral: true), false);
        }

        return interaction.Type switch
        {
            InteractionType.ApplicationCommand => data?.Name switch
            {
                BotCommands.FrolfSetup => (SetupModal(), false),
                BotCommands.CreateRound => (CreateRoundModal(), false),
                BotCommands.Leaderboard => (InteractionResponse.Defer(), true),
                // Discord fixes who sees a reply when it is deferred, and most of these replies are refusals (a taken
                // tag, a season already running) for the caller alone; what the league should see is public elsewhere:
                // the leaderboard message, and a season's start and end announced in a follow-up.
                BotCommands.ClaimTag or BotCommands.Season or BotCommands.FrolfReset => (InteractionResponse.Defer(ephemeral: true), true),
                _ => (InteractionResponse.Reply("Unknown command.", ephemeral: true), false),
            },
            InteractionType.MessageComponent when EventProcessor.Id(data?.CustomId, BotCommands.ScorePrefix) is { } round => (ScoreModal(round), false),
            InteractionType.MessageComponent when EventProcessor.Id(data?.CustomId, BotCommands.JoinPrefix) is not null ||
                                                  EventProcessor.Id(data?.CustomId, BotCommands.LeavePrefix) is not null => (InteractionResponse.DeferUpdate(), true),
            InteractionType.ModalSubmit when data?.CustomId is BotCommands.SetupModal or BotCommands.CreateRoundModal ||
                                             EventProcessor.Id(data?.CustomId, BotCommands.ScorePrefix) is not null => (InteractionResponse.Defer(ephemeral: true), true),
            _ => (InteractionResponse.Reply("Sorry, I do not know that one.", ephemeral: true), false),
        };
    }

    private async Task SetUpGuildAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        var applicationId = identity.ApplicationId ?? interaction.ApplicationId;
        // Checked again on submit: the member may have lost the role while the modal was open.
        if (!await IsAdminAsync(interaction, cancellationToken).ConfigureAwait(false))
        {
            await rest.EditOriginalResponseAsync(applicationId, interaction.Token, new MessageParams { Content = AdminAccess.Refusal }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var config = await setup.RunAsync(applicationId, interaction.GuildId!, interaction.Data?.TextInput("prefix") ?? "frolf", cancellationToken).ConfigureAwait(false);
        await bus.PublishEventAsync(new BotEvent { Id = "setup:" + interaction.Id, Kind = BotEventKinds.GuildConfigured, GuildId = config.GuildId, Config = config }, cancellationToken).ConfigureAwait(false);
        await rest.EditOriginalResponseAsync(applicationId, interaction.Token, new MessageParams { Embeds = [SetupHandlers.Configured(config)] }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The gateway has no database, so the Admin role is the guild's role of that name (setup reuses roles by name);
    /// the roles are fetched only for a member who has roles but neither server permission.
    /// </summary>
    private async Task<bool> IsAdminAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (AdminAccess.HasServerPermission(interaction.Member))
        {
            return true;
        }

        if (interaction.Member?.Roles is not { Count: > 0 })
        {
            return false;
        }

        var roles = await rest.GetGuildRolesAsync(interaction.GuildId!, cancellationToken).ConfigureAwait(false);
        return roles.Any(r => r.Name == GuildSetup.AdminRoleName && AdminAccess.IsAdmin(interaction.Member, r.Id));
    }

    private async Task TryApologiseAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        // Answered like a dead-lettered event (FailureApology), but inviting a retry: this one never reached a worker.
        var apology = FailureApology.Action(interaction, PublishFailedText);
        var applicationId = identity.ApplicationId ?? interaction.ApplicationId;
        try
        {
            await (apology.Kind == BotActionKinds.Followup
                ? rest.CreateFollowupMessageAsync(applicationId, interaction.Token, apology.Message!, cancellationToken)
                : rest.EditOriginalResponseAsync(applicationId, interaction.Token, apology.Message!, cancellationToken)).ConfigureAwait(false);
        }
        catch (DiscordException)
        {
            // The interaction may have expired too; the failure is already logged and counted.
        }
    }

    private static InteractionResponse SetupModal() => InteractionResponse.Modal(BotCommands.SetupModal, "Frolf setup",
        Component.ActionRow(Component.TextInput("prefix", "Channel prefix", maxLength: 40, placeholder: "frolf")));

    private static InteractionResponse CreateRoundModal() => InteractionResponse.Modal(BotCommands.CreateRoundModal, "Create a round",
        Component.ActionRow(Component.TextInput("title", "Title", maxLength: 100)),
        Component.ActionRow(Component.TextInput("description", "Description", TextInputStyle.Paragraph, required: false, maxLength: 1000)),
        Component.ActionRow(Component.TextInput("start", "Start (YYYY-MM-DD HH:MM)", maxLength: RoundTime.MaxInputLength, placeholder: "2026-06-01 18:30")),
        Component.ActionRow(Component.TextInput("timezone", "Time zone", required: false, maxLength: 64, placeholder: "Europe/Prague or +02:00")),
        Component.ActionRow(Component.TextInput("location", "Location", maxLength: 100)));

    private static InteractionResponse ScoreModal(long roundId) => InteractionResponse.Modal(BotCommands.ScorePrefix + roundId, "Enter your score",
        Component.ActionRow(Component.TextInput("score", "Score relative to par (-36 to +72, or DNF)", maxLength: 4, placeholder: "-3")));
}
