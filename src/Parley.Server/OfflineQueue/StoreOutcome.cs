namespace Parley.Server.OfflineQueue;

/// <summary>What became of a message handed to the offline queue.</summary>
internal enum StoreOutcome
{
    /// <summary>Stored durably; the sender is told SendResult(OK, queued).</summary>
    Stored,

    /// <summary>The recipient's queue is at QueueMaxMessagesPerRecipient.</summary>
    RecipientFullCount,

    /// <summary>The recipient's queue is at QueueMaxBytesPerRecipient.</summary>
    RecipientFullBytes,

    /// <summary>All queues together are at QueueMaxTotalBytes.</summary>
    ServerFull,

    /// <summary>The database failed, or the server is stopping.</summary>
    Failed,
}
