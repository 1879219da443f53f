using Parley.Client;

namespace Parley.Cli.Output;

/// <summary>How a peer key's trust-on-first-use status is shown to people and scripts.</summary>
internal static class PinWords
{
    /// <summary>For a peer passed through <see cref="ParleyClient.PinIfNew"/>: "new" means pinned just now.</summary>
    public static string Json(PeerInfo peer) => peer.Pin switch
    {
        PinStatus.FirstSeen => "new",
        PinStatus.Matches => peer.Verified ? "verified" : "trusted",
        PinStatus.Changed => "changed",
        _ => "unknown",
    };

    /// <summary>Suffix after a fingerprint in human output, for a peer passed through <see cref="ParleyClient.PinIfNew"/>.</summary>
    public static string Human(PeerInfo peer) => peer.Pin switch
    {
        PinStatus.FirstSeen => "  (new, pinned now)",
        PinStatus.Matches when peer.Verified => "  (verified)",
        PinStatus.Changed => "  !!! KEY CHANGED: not trusted, compare fingerprints before trusting it !!!",
        _ => "",
    };
}
