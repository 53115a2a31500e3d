using Vrsky.Discord.Models;

namespace Vrsky.Discord.Rest;

/// <summary>Channel messages and reactions.</summary>
public sealed partial class DiscordRestClient
{
    public Task<Message> CreateMessageAsync(string channelId, MessageParams message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var channel = DiscordRoute.Segment(channelId);
        return SendAsync<Message>(DiscordRoute.Create(HttpMethod.Post, "/channels/{channel_id}/messages", channel, $"/channels/{channel}/messages"), message, cancellationToken);
    }

    public async Task<IReadOnlyList<Message>> GetChannelMessagesAsync(string channelId, int limit, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Discord lists 1-100 messages per call.");
        }

        var channel = DiscordRoute.Segment(channelId);
        return await SendAsync<List<Message>>(DiscordRoute.Create(HttpMethod.Get, "/channels/{channel_id}/messages", channel,
            $"/channels/{channel}/messages?limit={limit}"), null, cancellationToken).ConfigureAwait(false);
    }

    public Task<Message> EditMessageAsync(string channelId, string messageId, MessageParams message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var channel = DiscordRoute.Segment(channelId);
        return SendAsync<Message>(DiscordRoute.Create(HttpMethod.Patch, "/channels/{channel_id}/messages/{message_id}", channel,
            $"/channels/{channel}/messages/{DiscordRoute.Segment(messageId)}"), message, cancellationToken);
    }

    public Task CreateReactionAsync(string channelId, string messageId, string emoji, CancellationToken cancellationToken = default)
    {
        var channel = DiscordRoute.Segment(channelId);
        return SendAsync(DiscordRoute.Create(HttpMethod.Put, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", channel,
            $"/channels/{channel}/messages/{DiscordRoute.Segment(messageId)}/reactions/{DiscordRoute.Segment(emoji)}/@me"), null, cancellationToken);
    }
}
