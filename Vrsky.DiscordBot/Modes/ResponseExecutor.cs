using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Vrsky.Discord;
using Vrsky.Discord.Rest;
using Vrsky.DiscordBot.Bridge;

namespace Vrsky.DiscordBot.Modes;

/// <summary>
/// Gateway half: performs a worker's <see cref="BotResponse"/> through REST, reporting created ids back as events.
/// Discord refusing an action (4xx) is final and logged; anything else throws so JetStream redelivers the response.
/// Each performed action is recorded (<see cref="CompletedActions"/>), so a redelivered response does not repeat it;
/// messages also carry an enforced nonce for a gateway that dies between the call and the record.
/// </summary>
public sealed class ResponseExecutor(IDiscordRestClient rest, EventBus bus, CompletedActions completed, ApplicationIdentity identity, ILogger<ResponseExecutor> logger)
{
    public async Task ExecuteAsync(BotResponse response, CancellationToken cancellationToken)
    {
        for (var i = 0; i < response.Actions.Count; i++)
        {
            var action = response.Actions[i];
            string? createdId;
            string? channelId = action.ChannelId;
            if (await completed.FindAsync(response.Id, i, cancellationToken).ConfigureAwait(false) is { } done)
            {
                // A redelivered response: this action happened; only its result is reported again (de-duplicated by id).
                createdId = done.Length == 0 ? null : done;
            }
            else
            {
                try
                {
                    createdId = await ExecuteAsync(response, action, Nonce(response.Id, i), cancellationToken).ConfigureAwait(false);
                }
                catch (DiscordRestException e) when ((int)e.Status is >= 400 and < 500 && e.Status != HttpStatusCode.TooManyRequests)
                {
                    BotLog.ActionRefused(logger, action.Kind, response.Id, e.Message);
                    continue;
                }

                await completed.RecordAsync(response.Id, i, createdId, cancellationToken).ConfigureAwait(false);
            }

            if (action.Ref is { } reference && createdId is not null)
            {
                await bus.PublishEventAsync(new BotEvent
                {
                    Id = $"result:{response.Id}:{i}",
                    Kind = BotEventKinds.ActionResult,
                    GuildId = response.GuildId,
                    Result = new ActionResult(reference, createdId, channelId),
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        BotMetrics.InteractionsHandled.Add(1, new KeyValuePair<string, object?>("kind", "response"));
    }

    private async Task<string?> ExecuteAsync(BotResponse response, BotAction action, string nonce, CancellationToken cancellationToken)
    {
        var applicationId = response.ApplicationId ?? identity.ApplicationId ?? throw new InvalidOperationException("The application id is not known yet.");
        switch (action.Kind)
        {
            case BotActionKinds.EditOriginal:
                return (await rest.EditOriginalResponseAsync(applicationId, Required(action.InteractionToken), Required(action.Message), cancellationToken).ConfigureAwait(false)).Id;
            case BotActionKinds.Followup:
                return (await rest.CreateFollowupMessageAsync(applicationId, Required(action.InteractionToken), Required(action.Message), cancellationToken).ConfigureAwait(false)).Id;
            case BotActionKinds.CreateMessage:
                var message = Required(action.Message) with { Nonce = nonce, EnforceNonce = true };
                return (await rest.CreateMessageAsync(Required(action.ChannelId), message, cancellationToken).ConfigureAwait(false)).Id;
            case BotActionKinds.EditMessage:
                var messageId = Required(action.MessageId);
                if (action.Version is { } version && await completed.IsStaleEditAsync(messageId, version, cancellationToken).ConfigureAwait(false))
                {
                    // A later state of this message is on Discord already; this edit would put an older one back.
                    return messageId;
                }

                var edited = await rest.EditMessageAsync(Required(action.ChannelId), messageId, Required(action.Message), cancellationToken).ConfigureAwait(false);
                if (action.Version is { } applied)
                {
                    await completed.RecordEditAsync(messageId, applied, cancellationToken).ConfigureAwait(false);
                }

                return edited.Id;
            case BotActionKinds.AddRole:
                await rest.AddGuildMemberRoleAsync(response.GuildId, Required(action.UserId), Required(action.RoleId), cancellationToken).ConfigureAwait(false);
                return null;
            case BotActionKinds.CreateScheduledEvent:
                return (await rest.CreateGuildScheduledEventAsync(response.GuildId, Required(action.ScheduledEvent), cancellationToken).ConfigureAwait(false)).Id;
            case BotActionKinds.ModifyScheduledEvent:
                return (await rest.ModifyGuildScheduledEventAsync(response.GuildId, Required(action.ScheduledEventId),
                    new Discord.Models.GuildScheduledEventModify(action.ScheduledEventStatus), cancellationToken).ConfigureAwait(false)).Id;
            default:
                BotLog.ActionRefused(logger, action.Kind, response.Id, "unknown action");
                return null;
        }
    }

    private static T Required<T>(T? value) where T : class =>
        value ?? throw new DiscordRestException(HttpStatusCode.BadRequest, null, "the action lacks a required field", "bot action");

    /// <summary>Discord nonces are at most 25 characters; a hash of response id and index is stable across redeliveries.</summary>
    private static string Nonce(string responseId, int index) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{responseId}:{index}")))[..25];
}
