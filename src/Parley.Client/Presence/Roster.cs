using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client.Presence;

/// <summary>
/// This client's copy of the online names, kept up to date from roster pages and join/leave events.
/// Entries are told apart by their registered spelling up to case (<see cref="IdentityName.CaseFoldKey"/>),
/// as the server routes: a name registered before lookalikes counted can be online next to the
/// earlier name it now collides with. A legitimate server lists each other online name once, so an
/// entry with an invalid name, no key or a key Parley refuses, one naming this client, or one for a name already listed
/// is a protocol violation.
/// </summary>
internal sealed class Roster(IdentityName self)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Listed> _online = new(StringComparer.Ordinal);
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
            throw Violation($"the server listed {QuotedField.Of(name.Normalized)} online without a key");
        }

        if (name.CaseFoldKey == self.CaseFoldKey)
        {
            throw Violation($"the server listed this client's own name {QuotedField.Of(name.Normalized)} as another peer");
        }

        var spki = peer.PublicKey.ToByteArray();
        if (KeyRules.ProblemWith(spki) is { } problem)
        {
            throw Violation($"the server listed {QuotedField.Of(name.Normalized)} online with a key Parley refuses ({problem})");
        }

        var entry = new RosterEntry(name.Normalized, spki, KeyFingerprint.Format(spki));
        lock (_lock)
        {
            if (!_online.TryAdd(name.CaseFoldKey, new Listed(entry, name.UniquenessKey)))
            {
                throw Violation($"the server listed {QuotedField.Of(name.Normalized)} online twice "
                    + $"(already as {QuotedField.Of(_online[name.CaseFoldKey].Entry.Name)})");
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
            if (!_online.Remove(name.CaseFoldKey, out var removed))
            {
                return null;
            }

            _sorted = null;
            return removed.Entry.Name;
        }
    }

    /// <summary>
    /// The online peer the server reaches as <paramref name="name"/>: the one spelled so (up to case),
    /// else the only one whose name collides with it. Null when that is not clear from the roster
    /// (several collide, or this client's own name does, which the roster never lists): ask the server.
    /// </summary>
    public RosterEntry? Find(IdentityName name)
    {
        lock (_lock)
        {
            if (_online.TryGetValue(name.CaseFoldKey, out var exact))
            {
                return exact.Entry;
            }

            if (name.UniquenessKey == self.UniquenessKey)
            {
                return null;
            }

            RosterEntry? alike = null;
            foreach (var listed in _online.Values)
            {
                if (listed.UniquenessKey == name.UniquenessKey)
                {
                    if (alike is not null)
                    {
                        return null;
                    }

                    alike = listed.Entry;
                }
            }

            return alike;
        }
    }

    /// <summary>Forgets every entry (a new connection's roster is about to arrive).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _online.Clear();
            _sorted = null;
        }
    }

    /// <summary>Sorted by name, case-insensitively.</summary>
    public IReadOnlyList<RosterEntry> Snapshot()
    {
        lock (_lock)
        {
            return _sorted ??= [.. _online.Values
                .Select(l => l.Entry)
                .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
                .ThenBy(e => e.Name, StringComparer.Ordinal)];
        }
    }

    private static ProtocolViolationException Violation(string message) => new(ErrorCode.MalformedFrame, message);

    private sealed record Listed(RosterEntry Entry, string UniquenessKey);
}
