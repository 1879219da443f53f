namespace Parley.Client;

/// <summary>Trust-on-first-use status of a peer's key against the pins of this identity.</summary>
public enum PinStatus
{
    FirstSeen,
    Matches,
    Changed,
}
