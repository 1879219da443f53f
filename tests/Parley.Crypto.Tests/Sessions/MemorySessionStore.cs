using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>
/// An <see cref="ISessionStore"/> in memory over <see cref="LocalSessionKeys"/>, with the client store's all-or-nothing
/// transactions: a transaction works on a copy of the sessions, and only <see cref="ISessionTransaction.Commit"/> puts the
/// copy (and one-time prekey deletions) in place. <see cref="Snapshot"/> shows what is committed, to compare before and after.
/// </summary>
public sealed class MemorySessionStore(LocalSessionKeys keys) : ISessionStore
{
    private readonly Lock _lock = new();
    private Dictionary<string, List<Row>> _sessions = [];
    private long _sequence;

    public LocalSessionKeys Keys => keys;

    public ISessionTransaction Begin()
    {
        _lock.Enter();
        return new Transaction(this);
    }

    /// <summary>Every committed session as peer key id, base key and state, in hex, sorted.</summary>
    public IReadOnlyList<string> Snapshot()
    {
        lock (_lock)
        {
            return [.. _sessions.SelectMany(p => p.Value.Select(r => $"{p.Key}:{Convert.ToHexString(r.BaseKey)}:{Convert.ToHexString(r.State)}")).Order(StringComparer.Ordinal)];
        }
    }

    private sealed record Row(byte[] BaseKey, byte[] State, long ActiveSeq);

    private sealed class Transaction(MemorySessionStore store) : ISessionTransaction
    {
        private readonly Dictionary<string, List<Row>> _sessions = store._sessions.ToDictionary(p => p.Key, p => p.Value.ToList());
        private readonly List<uint> _usedOneTimePrekeys = [];
        private bool _done;

        public ILocalSessionKeys Keys => store.Keys;

        public IReadOnlyList<StoredSession> SessionsWith(byte[] peerKeyId) =>
            _sessions.TryGetValue(Convert.ToHexString(peerKeyId), out var rows)
                ? [.. rows.OrderByDescending(r => r.ActiveSeq).Select(r => new StoredSession(r.BaseKey, r.State))]
                : [];

        public void Save(byte[] peerKeyId, byte[] baseKey, byte[] state, bool active)
        {
            var peer = Convert.ToHexString(peerKeyId);
            var rows = _sessions.TryGetValue(peer, out var existing) ? existing : _sessions[peer] = [];
            var index = rows.FindIndex(r => r.BaseKey.AsSpan().SequenceEqual(baseKey));
            var seq = active ? ++store._sequence : index >= 0 ? rows[index].ActiveSeq : 0;
            var row = new Row(baseKey, state, seq);
            if (index >= 0)
            {
                rows[index] = row;
            }
            else
            {
                rows.Add(row);
            }
        }

        public void Delete(byte[] peerKeyId, byte[] baseKey)
        {
            if (_sessions.TryGetValue(Convert.ToHexString(peerKeyId), out var rows))
            {
                rows.RemoveAll(r => r.BaseKey.AsSpan().SequenceEqual(baseKey));
            }
        }

        public void DeleteOneTimePrekey(uint id) => _usedOneTimePrekeys.Add(id);

        public void Commit()
        {
            store._sessions = _sessions;
            foreach (var id in _usedOneTimePrekeys)
            {
                store.Keys.RemoveOneTimePrekey(id);
            }

            Dispose();
        }

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                store._lock.Exit();
            }
        }
    }
}
