namespace Parley.Client;

/// <summary>A delivery that was refused; <see cref="Reason"/> is one human-readable line. Its text is never shown.</summary>
public sealed record MessageRejectedEvent(string From, string Reason) : ClientEvent;
