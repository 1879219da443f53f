using Parley.Client;

namespace Parley.Cli.Commands;

/// <summary>Re-pins a peer's key in the logged-in identity's known peers, and says what changed.</summary>
internal static class PeerTrust
{
    public static string Trust(ParleyClient client, PeerInfo peer)
    {
        var pins = client.KnownPeers;
        var previous = pins.PinnedFingerprint(peer.Name);
        if (previous == peer.Fingerprint)
        {
            return $"{peer.Name}'s key {peer.Fingerprint} was already trusted";
        }

        pins.Trust(peer.Name, peer.PublicKey);
        return previous is null
            ? $"now trusting {peer.Name}'s key {peer.Fingerprint}"
            : $"now trusting {peer.Name}'s new key {peer.Fingerprint} (was {previous})";
    }
}
