namespace Parley.Client;

/// <summary>The server says this identity's one-time prekeys run low (a bundle it handed out left fewer than its refill mark): upload more.</summary>
public sealed record PrekeyStatusEvent(PrekeyStatus Status) : ClientEvent;
