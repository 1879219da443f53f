namespace Parley.Client;

/// <summary>
/// The connection was lost and this client is reconnecting (<see cref="ParleyClientOptions.Reconnect"/>):
/// requests that were waiting failed with <see cref="ParleyErrorKind.Disconnected"/> (a send among them may or
/// may not have been delivered), and new ones fail the same way until <see cref="ReconnectedEvent"/>.
/// </summary>
public sealed record ConnectionLostEvent(string Reason) : ClientEvent;
