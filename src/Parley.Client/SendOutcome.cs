namespace Parley.Client;

/// <summary>What became of one message to one recipient.</summary>
public sealed record SendOutcome(string To, SendStatus Status, string Detail)
{
    public bool Delivered => Status == SendStatus.Delivered;

    /// <summary>The server accepted the message: delivered now, or queued for an offline recipient.</summary>
    public bool Accepted => Status is SendStatus.Delivered or SendStatus.Queued;

    /// <summary>
    /// The id (32 lowercase hex characters) of a message sent in a forward-secret session: a
    /// <see cref="DeliveryReceiptEvent"/> names it once the recipient's client has opened it. Null otherwise.
    /// </summary>
    public string? MessageId { get; init; }
}
