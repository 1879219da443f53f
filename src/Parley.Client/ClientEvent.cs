namespace Parley.Client;

/// <summary>Something that happened on a connection; read them from <see cref="ParleyClient.Events"/>.</summary>
public abstract record ClientEvent
{
    /// <summary>
    /// Set on the last event a delivery from the server's offline queue produced: once the application takes that event
    /// from <see cref="ParleyClient.Events"/>, the delivery is acknowledged (docs/protocol.md §12.2).
    /// </summary>
    internal ulong QueueSeq { get; init; }
}
