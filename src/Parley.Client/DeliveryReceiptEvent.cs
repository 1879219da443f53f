namespace Parley.Client;

/// <summary>
/// <see cref="From"/>'s client opened messages this identity sent: <see cref="MessageIds"/> are their
/// <see cref="SendOutcome.MessageId"/>s. Sealed end to end in the session, so the server cannot forge one.
/// </summary>
public sealed record DeliveryReceiptEvent(string From, IReadOnlyList<string> MessageIds, DateTimeOffset SentAt) : ClientEvent;
