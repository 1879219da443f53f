namespace Parley.Client;

/// <summary>Something that happened on a connection; read them from <see cref="ParleyClient.Events"/>.</summary>
public abstract record ClientEvent
{
    /// <summary>
    /// Set on the last event a delivery from the server's offline queue produced: once the application takes that event
    /// from <see cref="ParleyClient.Events"/>, the delivery is acknowledged (docs/protocol.md §12.2).
    /// </summary>
    internal ulong QueueSeq { get; init; }

    /// <summary>Set on the last event of a session message this home opened: once taken, sessions.db's copy of it may go (docs/sessions.md §13).</summary>
    internal Storage.OpenedMessageKey? Opened { get; init; }
}
