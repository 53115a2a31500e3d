using Vrsky.ControlPlane.Platform;

namespace Vrsky.ControlPlane.DeadLetters;

/// <summary>
/// A dead letter as the list shows it: the message without its payload, which may be up to a NATS message in size
/// (a page of 500 would be hundreds of megabytes), but with its size; the letter itself has the payload.
/// </summary>
public sealed record ListedDeadLetter(ListedMessage Message, int Attempts, string LastError, DateTimeOffset FailedAt)
{
    public static ListedDeadLetter Of(DeadLetter letter) => new(
        new ListedMessage(letter.Message.Id, letter.Message.TenantId, letter.Message.IntegrationId, letter.Message.Subject,
            letter.Message.Payload.Length, letter.Message.MaxRetries),
        letter.Attempts, letter.LastError, letter.FailedAt);
}

/// <summary>A <see cref="PlatformMessage"/> with <see cref="PayloadSize"/> (bytes) in place of its payload.</summary>
public sealed record ListedMessage(string Id, Guid TenantId, Guid IntegrationId, string Subject, int PayloadSize, int? MaxRetries);
