namespace Parley.Client;

/// <summary>What became of one message to one recipient.</summary>
/// <param name="Detail">For a person to read. A delivered message was queued on at least one of the recipient's
/// connections; since protocol v3 the server does not say how many (its cumulative SendAcks carries no count).</param>
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
