namespace Parley.Client;

/// <summary>
/// Logged in again after <paramref name="Attempts"/> attempts, <paramref name="Offline"/> after the connection
/// was lost. With presence the roster is restored first: whoever came or went meanwhile was announced by
/// <see cref="PeerJoinedEvent"/> and <see cref="PeerLeftEvent"/> just before this event.
/// </summary>
public sealed record ReconnectedEvent(int Attempts, TimeSpan Offline) : ClientEvent;
