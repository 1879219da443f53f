using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Protocol.Messages;

namespace Parley.Client.Presence;

/// <summary>This client's copy of the online names, kept up to date from roster pages and join/leave events.</summary>
internal sealed class Roster
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RosterEntry> _online = new(StringComparer.Ordinal);
    private RosterEntry[]? _sorted;

    /// <summary>Adds or replaces a peer; null when the server sent a name or key no client could use.</summary>
    public RosterEntry? Add(Peer peer)
    {
        if (!IdentityName.TryParse(peer.Name, out var name, out _) || peer.PublicKey.IsEmpty)
        {
            return null;
        }

        var spki = peer.PublicKey.ToByteArray();
        var entry = new RosterEntry(name.Normalized, spki, KeyFingerprint.Format(spki));
        lock (_lock)
        {
            _online[name.UniquenessKey] = entry;
            _sorted = null;
        }

        return entry;
    }

    /// <summary>The registered spelling of the name that left, or null when it was not listed.</summary>
    public string? Remove(string peerName)
    {
        if (!IdentityName.TryParse(peerName, out var name, out _))
        {
            return null;
        }

        lock (_lock)
        {
            if (!_online.Remove(name.UniquenessKey, out var removed))
            {
                return null;
            }

            _sorted = null;
            return removed.Name;
        }
    }

    public RosterEntry? Find(IdentityName name)
    {
        lock (_lock)
        {
            return _online.GetValueOrDefault(name.UniquenessKey);
        }
    }

    /// <summary>Sorted by name, case-insensitively.</summary>
    public IReadOnlyList<RosterEntry> Snapshot()
    {
        lock (_lock)
        {
            return _sorted ??= [.. _online.Values
                .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
                .ThenBy(e => e.Name, StringComparer.Ordinal)];
        }
    }
}
