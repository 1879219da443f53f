using System.Security.Cryptography;
using Parley.Crypto;

namespace Parley.Client.Presence;

/// <summary>A peer as shown to the user: the key presented, compared with the pin (or with this client's own key).</summary>
internal sealed class PeerViews(KnownPeers pins, Identity identity)
{
    public PeerInfo Of(RosterEntry entry) => Of(entry.Name, entry.Spki, online: true, isSelf: false);

    public PeerInfo Of(string name, byte[] spki, bool online, bool isSelf)
    {
        var pin = isSelf
            ? (CryptographicOperations.FixedTimeEquals(spki, identity.PublicKey.Spki) ? PinStatus.Matches : PinStatus.Changed)
            : pins.Peek(name, spki);
        var verified = !isSelf && pin == PinStatus.Matches && pins.IsVerified(name, spki);
        return new PeerInfo(name, spki, KeyFingerprint.Format(spki), online, pin, verified);
    }
}
