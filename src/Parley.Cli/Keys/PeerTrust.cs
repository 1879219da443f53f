using Parley.Client;

namespace Parley.Cli.Keys;

/// <summary>Pins a peer's key at the user's request in the logged-in identity's known peers, and says what happened.</summary>
internal static class PeerTrust
{
    /// <param name="fingerprint">The fingerprint the peer read out of band; needed to replace a different pinned key.</param>
    /// <param name="confirmWith">How to confirm with a fingerprint, for the line shown when one is needed, given the new fingerprint.</param>
    /// <returns>Whether the presented key is now the pin, and one line (unescaped) saying what happened.</returns>
    public static (bool Trusted, string Message) Trust(ParleyClient client, PeerInfo peer, string? fingerprint, Func<string, string> confirmWith)
    {
        if (client.IsOwnName(peer.RegisteredName))
        {
            return (false, $"{peer.Name} is you: your own key is not pinned, it is in your home folder");
        }

        var previous = client.KnownPeers.PinnedFingerprint(peer.Name);
        return client.KnownPeers.Trust(peer.Name, peer.PublicKey, fingerprint) switch
        {
            TrustOutcome.Pinned => (true, $"now trusting {peer.Name}'s key {peer.Fingerprint}"),
            TrustOutcome.AlreadyTrusted => (true, $"{peer.Name}'s key {peer.Fingerprint} was already trusted"),
            TrustOutcome.Replaced => (true, $"now trusting {peer.Name}'s new key {peer.Fingerprint} (was {previous})"),
            TrustOutcome.FingerprintMismatch =>
                (false, $"{peer.Name}'s key has fingerprint {peer.Fingerprint}, not {fingerprint?.Trim()}; nothing changed"),
            _ => (false, $"{peer.Name}'s key changed: pinned {previous}, now presented {peer.Fingerprint}; nothing changed. "
                + $"Compare the new fingerprint with {peer.Name} in person or by phone; only if it matches, {confirmWith(peer.Fingerprint)}"),
        };
    }
}
