using Parley.Client;

namespace Parley.Cli.Output;

/// <summary>Peers as aligned lines: name, fingerprint and any trust warning.</summary>
internal static class PeerTable
{
    public static IEnumerable<string> Lines(IEnumerable<PeerInfo> peers)
    {
        var list = peers.ToList();
        var width = list.Count == 0 ? 0 : list.Max(peer => SafeText.ForTerminal(peer.Name).Length);
        return list.Select(peer =>
            $"  {SafeText.ForTerminal(peer.Name).PadRight(width)}  {peer.Fingerprint}{PinWords.Human(peer)}");
    }
}
