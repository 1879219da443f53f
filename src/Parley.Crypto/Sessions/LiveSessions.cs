using System.Security.Cryptography;

namespace Parley.Crypto.Sessions;

/// <summary>
/// The sessions a <see cref="SessionSealer"/> committed last, kept live beside the state bytes it committed for each.
/// While the store still holds exactly those bytes (no other sealer on the store wrote the session since), the next
/// seal or open takes the live session instead of reading the state back: reading it back costs more than the
/// message's own crypto. A session is taken out while in use and put back only after its transaction commits, so a
/// live session is never ahead of the store. Bounded: the least recently used go first, their keys zeroed.
/// </summary>
internal sealed class LiveSessions(int capacity) : IDisposable
{
    private readonly Dictionary<Key, Entry> _entries = [];
    private readonly Lock _lock = new();
    private long _clock;
    private bool _disposed;

    /// <summary>The live session for <paramref name="stored"/>, now the caller's, if its state is the one kept with it.</summary>
    public RatchetSession? Take(byte[] peerKeyId, StoredSession stored)
    {
        Entry? entry;
        lock (_lock)
        {
            if (!_entries.Remove(new Key(peerKeyId, stored.BaseKey), out entry))
            {
                return null;
            }
        }

        if (entry.State.AsSpan().SequenceEqual(stored.State))
        {
            CryptographicOperations.ZeroMemory(entry.State);
            return entry.Session;
        }

        entry.Dispose();
        return null;
    }

    /// <summary>Keeps <paramref name="session"/> (now this cache's) as the live form of <paramref name="state"/>, just committed.</summary>
    public void Keep(byte[] peerKeyId, byte[] state, RatchetSession session)
    {
        var entry = new Entry(state.ToArray(), session);
        Entry? letGo;
        lock (_lock)
        {
            letGo = _disposed ? entry : Insert(new Key(peerKeyId.ToArray(), session.BaseKey), entry);
        }

        letGo?.Dispose();
    }

    /// <summary>Drops (and zeroes) the live session of a session the store deletes.</summary>
    public void Forget(byte[] peerKeyId, byte[] baseKey)
    {
        Entry? entry;
        lock (_lock)
        {
            _entries.Remove(new Key(peerKeyId, baseKey), out entry);
        }

        entry?.Dispose();
    }

    /// <summary>Adds <paramref name="entry"/>; returns the one that goes: the one it replaces, or the least recently used beyond the bound.</summary>
    private Entry? Insert(Key key, Entry entry)
    {
        entry.LastUsed = ++_clock;
        if (!_entries.Remove(key, out var evicted) && _entries.Count >= capacity)
        {
            var oldest = _entries.MinBy(e => e.Value.LastUsed);
            _entries.Remove(oldest.Key);
            evicted = oldest.Value;
        }

        _entries[key] = entry;
        return evicted;
    }

    public void Dispose()
    {
        List<Entry> entries;
        lock (_lock)
        {
            _disposed = true;
            entries = [.. _entries.Values];
            _entries.Clear();
        }

        foreach (var entry in entries)
        {
            entry.Dispose();
        }
    }

    private sealed class Entry(byte[] state, RatchetSession session) : IDisposable
    {
        public byte[] State { get; } = state;

        public RatchetSession Session { get; } = session;

        public long LastUsed { get; set; }

        public void Dispose()
        {
            CryptographicOperations.ZeroMemory(State);
            Session.Dispose();
        }
    }

    /// <summary>A session's identity in the store: the peer's RSA key id and the session's base key.</summary>
    private readonly struct Key(byte[] peerKeyId, byte[] baseKey) : IEquatable<Key>
    {
        private readonly byte[] _peerKeyId = peerKeyId;
        private readonly byte[] _baseKey = baseKey;

        public bool Equals(Key other) => _peerKeyId.AsSpan().SequenceEqual(other._peerKeyId) && _baseKey.AsSpan().SequenceEqual(other._baseKey);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.AddBytes(_baseKey);
            return hash.ToHashCode();
        }
    }
}
