using Vrsky.Discord.Models;

namespace Vrsky.Discord.Rest;

/// <summary>Interaction callbacks and the interaction webhook (original response, follow-ups).</summary>
public sealed partial class DiscordRestClient
{
    public Task CreateInteractionResponseAsync(string interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var id = DiscordRoute.Segment(interactionId);
        return SendAsync(DiscordRoute.Create(HttpMethod.Post, "/interactions/{interaction_id}/{token}/callback", id,
            $"/interactions/{id}/{DiscordRoute.Segment(interactionToken)}/callback"), response, cancellationToken);
    }

    public Task<Message> EditOriginalResponseAsync(string applicationId, string interactionToken, MessageParams message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var token = DiscordRoute.Segment(interactionToken);
        return SendAsync<Message>(DiscordRoute.Create(HttpMethod.Patch, "/webhooks/{application_id}/{token}/messages/@original", token,
            $"/webhooks/{DiscordRoute.Segment(applicationId)}/{token}/messages/@original"), message, cancellationToken);
    }

    public Task<Message> CreateFollowupMessageAsync(string applicationId, string interactionToken, MessageParams message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var token = DiscordRoute.Segment(interactionToken);
        return SendAsync<Message>(DiscordRoute.Create(HttpMethod.Post, "/webhooks/{application_id}/{token}", token,
            $"/webhooks/{DiscordRoute.Segment(applicationId)}/{token}"), message, cancellationToken);
    }

    public Task<GatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken = default) =>
        SendAsync<GatewayBot>(DiscordRoute.Create(HttpMethod.Get, "/gateway/bot", "", "/gateway/bot"), null, cancellationToken);
}
