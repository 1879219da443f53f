namespace Parley.Client;

/// <summary>Attempt <paramref name="Attempt"/> to reconnect starts after <paramref name="Delay"/>; <paramref name="Reason"/> is why the last one failed (or why the connection was lost).</summary>
public sealed record ReconnectingEvent(int Attempt, TimeSpan Delay, string Reason) : ClientEvent;
