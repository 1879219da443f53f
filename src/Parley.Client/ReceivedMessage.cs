namespace Parley.Client;

/// <summary>
/// A message that passed every check. <see cref="MessageId"/> is 32 lowercase hex characters. <see cref="QueuedAt"/> is set
/// when it waited in the server's offline queue (<see cref="ParleyClientOptions.ReceiveQueued"/>): when the server stored it,
/// by this machine's clock (its arrival less the wait the server reports, to the second), so a server clock that is off does not move it.
/// </summary>
public sealed record ReceivedMessage(
    string From,
    string To,
    string Text,
    DateTimeOffset SentAt,
    string MessageId,
    string SenderFingerprint,
    DateTimeOffset? QueuedAt = null)
{
    /// <summary>True when the message came from the server's offline queue, sent while this name was offline.</summary>
    public bool WasQueued => QueuedAt is not null;
}
