using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Vrsky.Chat.Contracts.Messaging;
using Vrsky.Gateway.Auth;
using Vrsky.Gateway.RateLimiting;

namespace Vrsky.Gateway.Chats;

internal static class ChatsApi
{
    public static RouteGroupBuilder MapChatsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/chats").WithTags("Chats").RequireAuthorization();
        group.MapPost("/", CreateAsync).WithName("CreateChat");
        group.MapGet("/", ListAsync).WithName("ListChats");
        group.MapGet("/{chatId:long}", GetAsync).WithName("GetChat");
        group.MapPost("/{chatId:long}/members", AddMemberAsync).WithName("AddMember");
        group.MapDelete("/{chatId:long}/members/{userId:long}", RemoveMemberAsync).WithName("RemoveMember");
        group.MapPost("/{chatId:long}/messages", SendAsync).WithName("SendMessage");
        group.MapGet("/{chatId:long}/messages", HistoryAsync).WithName("MessageHistory");
        group.MapPost("/{chatId:long}/read", MarkReadAsync).WithName("MarkRead");
        return group;
    }

    internal sealed record Deps(ChatStore Store, ChatCommands Commands, RateLimiter RateLimiter);

    private static async Task<Results<Created<ChatView>, Ok<ChatView>, ProblemHttpResult>> CreateAsync(
        CreateChatRequest body, ClaimsPrincipal principal, [AsParameters] Deps deps, CancellationToken cancellationToken)
    {
        var me = principal.UserId();
        switch (body.Kind)
        {
            case "direct":
                if (body.UserId is not { } other || other == me)
                {
                    return Problems.BadRequest("A direct chat needs userId: another user's id.");
                }

                if (await deps.Store.GetOrCreateDirectAsync(me, other, cancellationToken).ConfigureAwait(false) is not { } direct)
                {
                    return Problems.NotFound($"User {other} does not exist.");
                }

                var view = (await deps.Store.GetChatAsync(direct.ChatId, cancellationToken).ConfigureAwait(false))!;
                return direct.Created ? TypedResults.Created($"/v1/chats/{direct.ChatId}", view) : TypedResults.Ok(view);

            case "group":
                if (body.Title is not { Length: > 0 and <= InputRules.MaxTitleLength } title || string.IsNullOrWhiteSpace(title)
                    || !MessageLimits.IsPlainText(title, allowLayout: false))
                {
                    return Problems.BadRequest($"A group needs a title of 1-{InputRules.MaxTitleLength} characters without control characters.");
                }

                var members = body.MemberIds ?? [];
                if (members.Length > InputRules.MaxGroupMembers)
                {
                    return Problems.BadRequest($"A group starts with at most {InputRules.MaxGroupMembers} members.");
                }

                if (await deps.Store.CreateGroupAsync(me, title, members, cancellationToken).ConfigureAwait(false) is not { } chatId)
                {
                    return Problems.NotFound("A memberIds entry is not an existing user.");
                }

                return TypedResults.Created($"/v1/chats/{chatId}", (await deps.Store.GetChatAsync(chatId, cancellationToken).ConfigureAwait(false))!);

            default:
                return Problems.BadRequest("kind must be 'direct' or 'group'.");
        }
    }

    private static async Task<Ok<IReadOnlyList<ChatSummary>>> ListAsync(ClaimsPrincipal principal, [AsParameters] Deps deps, CancellationToken cancellationToken) =>
        TypedResults.Ok(await deps.Store.ListAsync(principal.UserId(), cancellationToken).ConfigureAwait(false));

    private static async Task<Results<Ok<ChatView>, ProblemHttpResult>> GetAsync(long chatId, ClaimsPrincipal principal, [AsParameters] Deps deps, CancellationToken cancellationToken)
    {
        if (await RequireMemberAsync(deps, chatId, principal.UserId(), cancellationToken).ConfigureAwait(false) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok((await deps.Store.GetChatAsync(chatId, cancellationToken).ConfigureAwait(false))!);
    }

    private static async Task<Results<Created<MemberView>, ProblemHttpResult>> AddMemberAsync(
        long chatId, AddMemberRequest body, ClaimsPrincipal principal, [AsParameters] Deps deps, CancellationToken cancellationToken)
    {
        var role = body.Role ?? "member";
        if (body.UserId is not { } userId || role is not ("member" or "admin"))
        {
            return Problems.BadRequest("userId is required; role is 'member' (default) or 'admin'.");
        }

        if (await RequireAdminOfGroupAsync(deps, chatId, principal.UserId(), cancellationToken).ConfigureAwait(false) is { } problem)
        {
            return problem;
        }

        return await deps.Store.AddMemberAsync(chatId, userId, role, cancellationToken).ConfigureAwait(false) switch
        {
            null => Problems.NotFound($"User {userId} does not exist."),
            false => Problems.Conflict($"User {userId} is already a member."),
            true => TypedResults.Created($"/v1/chats/{chatId}/members/{userId}",
                (await deps.Store.GetChatAsync(chatId, cancellationToken).ConfigureAwait(false))!.Members.Single(m => m.UserId == userId)),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(
        long chatId, long userId, ClaimsPrincipal principal, [AsParameters] Deps deps, CancellationToken cancellationToken)
    {
        if (await RequireAdminOfGroupAsync(deps, chatId, principal.UserId(), cancellationToken).ConfigureAwait(false) is { } problem)
        {
            return problem;
        }

        if (!await deps.Store.RemoveMemberAsync(chatId, userId, cancellationToken).ConfigureAwait(false))
        {
            return Problems.NotFound($"User {userId} is not a member.");
        }

        await deps.Commands.MemberRemovedAsync(userId, chatId, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Accepted<SendAccepted>, ProblemHttpResult>> SendAsync(
        long chatId, SendMessageRequest body, ClaimsPrincipal principal, [AsParameters] Deps deps, CancellationToken cancellationToken)
    {
        if (body.Uuid is not { } uuid || uuid == Guid.Empty || body.Body is not { } text || !MessageLimits.IsValidBody(text))
        {
            return Problems.BadRequest($"uuid (a client-chosen UUID) and body (1-{MessageLimits.MaxBodyLength} characters, no control characters but line breaks and tabs) are required.");
        }

        var me = principal.UserId();
        if (await RequireMemberAsync(deps, chatId, me, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            return problem;
        }

        if (!await deps.RateLimiter.TrySendAsync(me, cancellationToken).ConfigureAwait(false))
        {
            return Problems.TooManyRequests("Too many messages; slow down.");
        }

        await deps.Commands.SendAsync(me, chatId, uuid, text, origin: null, cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted($"/v1/chats/{chatId}/messages", new SendAccepted(uuid, chatId));
    }

    private static async Task<Results<Ok<MessagePage>, ProblemHttpResult>> HistoryAsync(
        long chatId, long? before, int? limit, ClaimsPrincipal principal, [AsParameters] Deps deps, CancellationToken cancellationToken)
    {
        if (limit is < 1 || before is < 1)
        {
            return Problems.BadRequest("limit and before must be positive.");
        }

        if (await RequireMemberAsync(deps, chatId, principal.UserId(), cancellationToken).ConfigureAwait(false) is { } problem)
        {
            return problem;
        }

        var pageSize = Math.Min(limit ?? InputRules.DefaultPageSize, InputRules.MaxPageSize);
        return TypedResults.Ok(await deps.Store.HistoryAsync(chatId, before, pageSize, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> MarkReadAsync(
        long chatId, MarkReadRequest body, ClaimsPrincipal principal, [AsParameters] Deps deps, CancellationToken cancellationToken)
    {
        if (body.MsgId is not { } messageId)
        {
            return Problems.BadRequest("msgId is required.");
        }

        var me = principal.UserId();
        if (await RequireMemberAsync(deps, chatId, me, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            return problem;
        }

        if (!await deps.Store.MessageInChatAsync(chatId, messageId, cancellationToken).ConfigureAwait(false))
        {
            return Problems.NotFound($"Message {messageId} is not in chat {chatId}.");
        }

        await deps.Commands.MarkReadAsync(me, chatId, messageId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<ProblemHttpResult?> RequireMemberAsync(Deps deps, long chatId, long userId, CancellationToken cancellationToken) =>
        await deps.Store.GetMembershipAsync(chatId, userId, cancellationToken).ConfigureAwait(false) switch
        {
            Membership.NoSuchChat => Problems.NotFound($"Chat {chatId} does not exist."),
            Membership.NotMember => Problems.Forbidden($"You are not a member of chat {chatId}."),
            _ => null,
        };

    private static async Task<ProblemHttpResult?> RequireAdminOfGroupAsync(Deps deps, long chatId, long userId, CancellationToken cancellationToken)
    {
        var membership = await deps.Store.GetMembershipAsync(chatId, userId, cancellationToken).ConfigureAwait(false);
        if (membership == Membership.NoSuchChat)
        {
            return Problems.NotFound($"Chat {chatId} does not exist.");
        }

        if (membership != Membership.Admin)
        {
            // Direct chats have no admins, so their membership is fixed.
            return Problems.Forbidden($"Only an admin of group {chatId} may change its members.");
        }

        return null;
    }
}
