using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client.Presence;

/// <summary>
/// This client's copy of the online names, kept up to date from roster pages and join/leave events.
/// A legitimate server lists each other online name once, so an entry with an invalid name or no
/// key, one naming this client, or one for a name already listed is a protocol violation.
/// </summary>
internal sealed class Roster(IdentityName self)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RosterEntry> _online = new(StringComparer.Ordinal);
    private RosterEntry[]? _sorted;

    /// <summary>Adds a peer that was not listed (from a roster page or peer_joined).</summary>
    /// <exception cref="ProtocolViolationException">See the class summary.</exception>
    public RosterEntry Add(Peer peer)
    {
        if (!IdentityName.TryParse(peer.Name, out var name, out var error))
        {
            throw Violation($"the server listed an invalid name online ({error})");
        }

        if (peer.PublicKey.IsEmpty)
        {
            throw Violation($"the server listed '{name.Normalized}' online without a key");
        }

        if (name.UniquenessKey == self.UniquenessKey)
        {
            throw Violation($"the server listed this client's own name '{name.Normalized}' as another peer");
        }

        var spki = peer.PublicKey.ToByteArray();
        var entry = new RosterEntry(name.Normalized, spki, KeyFingerprint.Format(spki));
        lock (_lock)
        {
            if (!_online.TryAdd(name.UniquenessKey, entry))
            {
                throw Violation($"the server listed '{name.Normalized}' online twice (already as '{_online[name.UniquenessKey].Name}')");
            }

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

    private static ProtocolViolationException Violation(string message) => new(ErrorCode.MalformedFrame, message);
}
