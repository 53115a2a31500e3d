namespace Vrsky.PresenceService.Receipts;

/// <summary>Batching of read receipts, bound from the <c>ReadReceipts</c> section.</summary>
public sealed class ReadReceiptOptions
{
    public const string SectionName = "ReadReceipts";

    /// <summary>A batch is written once it holds this many receipts…</summary>
    public int MaxBatch { get; set; } = 100;

    /// <summary>…or once its first receipt has waited this long.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(50);
}
