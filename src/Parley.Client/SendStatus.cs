namespace Parley.Client;

public enum SendStatus
{
    Delivered,
    UnknownRecipient,
    RecipientOffline,
    RecipientBusy,
    /// <summary>The recipient's key is not the pinned one: nothing was sent.</summary>
    KeyChanged,
    Refused,
}
