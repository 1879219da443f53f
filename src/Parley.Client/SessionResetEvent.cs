namespace Parley.Client;

/// <summary>
/// <see cref="Peer"/>'s client no longer holds the session this client was sending in (its home was wiped or
/// restored from an older copy): messages sent in it since were not read. The next message sets up a new session.
/// The notice is not authenticated (the peer cannot seal it), so a forged one costs only a new session.
/// </summary>
public sealed record SessionResetEvent(string Peer, string Detail) : ClientEvent;
