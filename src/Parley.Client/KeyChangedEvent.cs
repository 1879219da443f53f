namespace Parley.Client;

/// <summary>A peer's presented key differs from the pinned one: treat it as an attack until confirmed.</summary>
public sealed record KeyChangedEvent(string Name, string PinnedFingerprint, string PresentedFingerprint) : ClientEvent;
