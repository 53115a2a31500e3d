namespace Vrsky.Discord.Models;

public sealed record Message(string Id, string ChannelId, string? Content = null, IReadOnlyList<Embed>? Embeds = null,
    IReadOnlyList<Component>? Components = null, User? Author = null);

/// <summary>Body of create/edit message and of webhook (interaction follow-up and original) messages.</summary>
public sealed record MessageParams
{
    public string? Content { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public IReadOnlyList<Component>? Components { get; init; }
    public int? Flags { get; init; }

    /// <summary>With <see cref="EnforceNonce"/>, Discord returns the earlier message instead of posting a repeat (a retried create is safe).</summary>
    public string? Nonce { get; init; }
    public bool? EnforceNonce { get; init; }
}

public sealed record Embed
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public int? Color { get; init; }
    public IReadOnlyList<EmbedField>? Fields { get; init; }
    public EmbedFooter? Footer { get; init; }
}

public sealed record EmbedField(string Name, string Value, bool? Inline = null);

public sealed record EmbedFooter(string Text);

public sealed record Emoji(string? Id, string? Name);

/// <summary>MESSAGE_REACTION_ADD / MESSAGE_REACTION_REMOVE.</summary>
public sealed record MessageReaction(string UserId, string ChannelId, string MessageId, Emoji Emoji, string? GuildId = null, GuildMember? Member = null);
