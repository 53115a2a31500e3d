using System.Text.RegularExpressions;

namespace Vrsky.ControlPlane.Platform;

/// <summary>A message a worker processes for an integration; <see cref="Subject"/> is where a replay republishes it.</summary>
public sealed record PlatformMessage(string Id, Guid TenantId, Guid IntegrationId, string Subject, byte[] Payload)
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
