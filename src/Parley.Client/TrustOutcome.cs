namespace Parley.Client;

/// <summary>What <see cref="KnownPeers.Trust"/> did.</summary>
public enum TrustOutcome
{
    /// <summary>Nothing was pinned for the name: the key is pinned now.</summary>
    Pinned,

    /// <summary>That key was already the pin.</summary>
    AlreadyTrusted,

    /// <summary>A different pinned key was replaced (its verified mark is gone).</summary>
    Replaced,

    /// <summary>A different key is pinned: replacing it needs the new key's fingerprint. Nothing changed.</summary>
    FingerprintNeeded,

    /// <summary>The fingerprint given is not the key's. Nothing changed.</summary>
    FingerprintMismatch,
}
