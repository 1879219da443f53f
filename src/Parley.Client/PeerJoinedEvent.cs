namespace Parley.Client;

public sealed record PeerJoinedEvent(PeerInfo Peer) : ClientEvent;
