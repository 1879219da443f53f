namespace Parley.Client;

public enum SendStatus
{
    Delivered,
    /// <summary>The recipient is offline: the server stored the message and hands it over at their next login.</summary>
    Queued,
    UnknownRecipient,
    RecipientOffline,
    RecipientBusy,
    /// <summary>The recipient's key is not the pinned one: nothing was sent.</summary>
    KeyChanged,
    /// <summary>The recipient is offline and their queue on the server is full: nothing was stored.</summary>
    QueueFull,
    Refused,
}
