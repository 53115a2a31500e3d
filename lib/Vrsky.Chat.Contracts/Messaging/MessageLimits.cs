namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>Bounds every service enforces on user input.</summary>
public static class MessageLimits
{
    /// <summary>Characters in a message body.</summary>
    public const int MaxBodyLength = 4000;
}
