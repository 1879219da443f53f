using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Presence;

/// <summary>One online peer as `parley who --json` prints it (one object per line).</summary>
internal sealed record PeerJson(string Name, string Fingerprint, string Pin)
{
    public static PeerJson Of(PeerInfo peer) => new(peer.Name, peer.Fingerprint, PinWords.Json(peer));
}
