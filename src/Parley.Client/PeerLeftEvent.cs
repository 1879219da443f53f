namespace Parley.Client;

public sealed record PeerLeftEvent(string Name) : ClientEvent;
