namespace Vrsky.Gateway.Chats;

public sealed record CreateChatRequest(string? Kind, long? UserId, string? Title, long[]? MemberIds);

public sealed record AddMemberRequest(long? UserId, string? Role);

public sealed record SendMessageRequest(Guid? Uuid, string? Body);

public sealed record MarkReadRequest(long? MsgId);

public sealed record MemberView(long UserId, string Username, string Role);

public sealed record MessageView(long Id, long ChatId, long Seq, long SenderId, Guid Uuid, string Body, DateTimeOffset CreatedAt);

public sealed record ChatView(long Id, string Kind, string? Title, IReadOnlyList<MemberView> Members);

public sealed record ChatSummary(long Id, string Kind, string? Title, long UnreadCount, MessageView? LastMessage);

public sealed record MessagePage(IReadOnlyList<MessageView> Messages, long? NextCursor);

public sealed record SendAccepted(Guid Uuid, long ChatId);

/// <summary>What a user is to a chat; every chat operation checks it first.</summary>
public enum Membership
{
    NoSuchChat,
    NotMember,
    Member,
    Admin,
}
