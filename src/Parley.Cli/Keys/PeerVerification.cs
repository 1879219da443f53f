using Parley.Client;

namespace Parley.Cli.Keys;

/// <summary>
/// The safety number with a peer, shown for comparing out of band, and marking the peer verified
/// once it matched. Shared by `parley keys verify` and chat's /verify.
/// </summary>
internal static class PeerVerification
{
    /// <summary>
    /// Pins the peer's key if it is new (it is being shown), then gives the lines to show, or
    /// null lines and a refusal when the key changed (a changed key is accepted with trust first).
    /// </summary>
    /// <returns>The lines (unescaped), or an error; <paramref name="mark"/> also records the peer as verified.</returns>
    public static (IReadOnlyList<string>? Lines, string? Error) Show(ParleyClient client, PeerInfo presented, bool mark, Func<string, string> trustWith, string markWith)
    {
        if (client.IsOwnName(presented.RegisteredName))
        {
            return (null, "a safety number is between you and someone else");
        }

        var peer = client.PinIfNew(presented);
        var name = peer.Name;
        if (peer.Pin == PinStatus.Changed)
        {
            var pinned = client.KnownPeers.PinnedFingerprint(name);
            return (null, $"{name}'s key changed: pinned {pinned}, now presented {peer.Fingerprint}; no safety number for a key "
                + $"you have not accepted. Compare the new fingerprint with {name}; only if it matches, {trustWith(peer.Fingerprint)}");
        }

        // Matches or just pinned: the presented key is the pin.
        var digits = client.SafetyNumberWith(peer.RegisteredName, peer.PublicKey).Split(' ');
        var state = peer.Pin == PinStatus.FirstSeen ? "new, pinned now" : peer.Verified ? "verified" : "trusted";
        var lines = new List<string>
        {
            $"{name}'s key {peer.Fingerprint} ({state})",
            $"safety number of {client.Name} and {peer.RegisteredName} ({peer.RegisteredName} sees the same):",
        };
        for (var row = 0; row < digits.Length; row += 4)
        {
            lines.Add("  " + string.Join(' ', digits.Skip(row).Take(4)));
        }

        if (mark)
        {
            if (!client.KnownPeers.MarkVerified(name, peer.PublicKey))
            {
                return (null, $"{name}'s pinned key changed meanwhile; nothing was marked");
            }

            lines.Add(peer.Verified ? $"{name} was already marked verified" : $"marked {name} as verified");
        }
        else if (!peer.Verified)
        {
            lines.Add($"Compare it with {name} in person or by phone; if it matches, {markWith}.");
        }

        return (lines, null);
    }
}
