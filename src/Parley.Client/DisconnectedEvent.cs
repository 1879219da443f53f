namespace Parley.Client;

/// <summary>The last event: the connection is gone and the event channel completes after it.</summary>
public sealed record DisconnectedEvent(string Reason) : ClientEvent;
