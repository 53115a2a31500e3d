using System.Text.RegularExpressions;

namespace Vrsky.ControlPlane.Platform;

/// <summary>
/// A message a worker processes for an integration; <see cref="Subject"/> is where a replay republishes it.
/// <see cref="MaxRetries"/> is the integration's <c>max_retries</c> (0 to <see cref="Integrations.IntegrationRequest.MaxRetriesLimit"/>);
/// without it, <see cref="PlatformOptions.MaxRetries"/> applies. It travels with the message into the retry queue, so
/// whichever process continues the message honours it.
/// </summary>
public sealed record PlatformMessage(string Id, Guid TenantId, Guid IntegrationId, string Subject, byte[] Payload, int? MaxRetries = null)
{
    /// <summary>Key of this message in the platform buckets: tenant, then message id.</summary>
    public string Key => KeyOf(TenantId, Id);

    public static string KeyOf(Guid tenantId, string messageId) => $"{tenantId:N}.{messageId}";
}

public static partial class MessageId
{
    public const int MaxLength = 128;

    /// <summary>Letters, digits, '-' and '_' (a KV key token, so tenants' keys never overlap).</summary>
    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Pattern();
}

/// <summary>
/// Where a message may be published: a replay publishes it on the platform connection, whose account also carries
/// the system's own subjects, so the subject is checked where a message enters and again before a replay.
/// </summary>
public static class MessageSubject
{
    public const int MaxLength = 256;

    /// <summary>
    /// Null when <paramref name="subject"/> names one concrete subject, otherwise why not: not blank, at most
    /// <see cref="MaxLength"/> characters, dot-separated non-empty tokens of printable ASCII without spaces, no
    /// wildcard ('*', '>') and no '$' at its start (<c>$JS.API.…</c>, <c>$SYS.…</c> and the like belong to the server).
    /// </summary>
    public static string? Validate(string? subject) => subject switch
    {
        null or "" => "The subject is empty.",
        { Length: > MaxLength } => $"The subject is longer than {MaxLength} characters.",
        _ when subject.StartsWith('$') => "The subject starts with '$', which is reserved for the server's own subjects.",
        _ when subject.Any(c => c is '*' or '>') => "The subject holds a wildcard ('*' or '>').",
        _ when subject.Any(c => c is <= ' ' or > '~') => "The subject holds a space, a control or a non-ASCII character.",
        _ when subject.Split('.').Any(t => t.Length == 0) => "The subject has an empty token (a leading, trailing or double '.').",
        _ => null,
    };
}

/// <summary>The life cycle: RECEIVED → PROCESSING → COMPLETED, or → RETRY (per configured delay) → … → DEAD_LETTER.</summary>
public static class MessageStates
{
    public const string Received = "RECEIVED";
    public const string Processing = "PROCESSING";
    public const string Completed = "COMPLETED";
    public const string Retry = "RETRY";
    public const string DeadLetter = "DEAD_LETTER";
}

public sealed record MessageState(string State, int Attempts, DateTimeOffset UpdatedAt, string? LastError);

public sealed record RetryEntry(PlatformMessage Message, int Attempt, DateTimeOffset DueAt, string LastError);

public sealed record DeadLetter(PlatformMessage Message, int Attempts, string LastError, DateTimeOffset FailedAt);
