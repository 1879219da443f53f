using Parley.Crypto.Sessions;

namespace Parley.Bench.Crypto.Sessions;

/// <summary>
/// An <see cref="ISessionStore"/> in memory over <see cref="LocalSessionKeys"/>: what the client's SQLite store does,
/// less SQLite, so a benchmark over it measures the sealer and the ratchet (state serialized and read back per
/// message, as with the real store) and nothing else. Changes apply on commit only, like a transaction's.
/// </summary>
internal sealed class MemorySessionStore(LocalSessionKeys keys) : ISessionStore
{
    private readonly LocalSessionKeys _keys = keys;
    private readonly Lock _lock = new();
    private readonly List<Row> _rows = [];
    private long _activeSeq;

    public ISessionTransaction Begin()
    {
        _lock.Enter();
        return new Transaction(this);
    }

    private sealed record Row(byte[] PeerKeyId, byte[] BaseKey, byte[] State, long ActiveSeq);

    private sealed class Transaction(MemorySessionStore store) : ISessionTransaction
    {
        private readonly List<Action> _changes = [];
        private bool _done;

        public ILocalSessionKeys Keys => store._keys;

        public IReadOnlyList<StoredSession> SessionsWith(byte[] peerKeyId)
        {
            var rows = new List<Row>();
            foreach (var row in store._rows)
            {
                if (row.PeerKeyId.AsSpan().SequenceEqual(peerKeyId))
                {
                    rows.Add(row);
                }
            }

            rows.Sort((a, b) => b.ActiveSeq.CompareTo(a.ActiveSeq));
            return rows.ConvertAll(r => new StoredSession(r.BaseKey, r.State));
        }

        public void Save(byte[] peerKeyId, byte[] baseKey, byte[] state, bool active) => _changes.Add(() =>
        {
            var at = store._rows.FindIndex(r => r.PeerKeyId.AsSpan().SequenceEqual(peerKeyId) && r.BaseKey.AsSpan().SequenceEqual(baseKey));
            var seq = active || at < 0 ? ++store._activeSeq : store._rows[at].ActiveSeq;
            var row = new Row(peerKeyId, baseKey, state, seq);
            if (at < 0)
            {
                store._rows.Add(row);
            }
            else
            {
                store._rows[at] = row;
            }
        });

        public void Delete(byte[] peerKeyId, byte[] baseKey) =>
            _changes.Add(() => store._rows.RemoveAll(r => r.PeerKeyId.AsSpan().SequenceEqual(peerKeyId) && r.BaseKey.AsSpan().SequenceEqual(baseKey)));

        public void DeleteOneTimePrekey(uint id) => _changes.Add(() => store._keys.RemoveOneTimePrekey(id));

        public void Commit()
        {
            foreach (var change in _changes)
            {
                change();
            }

            _changes.Clear();
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
