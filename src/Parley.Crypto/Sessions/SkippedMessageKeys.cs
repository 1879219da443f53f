using System.Security.Cryptography;

namespace Parley.Crypto.Sessions;

/// <summary>
/// Message keys of messages that were skipped (arrived out of order or not yet), by the peer's ratchet key
/// and message number, oldest first. Bounded: past <see cref="RatchetLimits.MaxSkippedKeys"/> the oldest go.
/// A key is removed the moment its message opens.
/// </summary>
internal sealed class SkippedMessageKeys
{
    private readonly LinkedList<Entry> _order = new();
    private readonly Dictionary<(string RatchetKey, uint Number), LinkedListNode<Entry>> _byId = [];

    public int Count => _order.Count;

    public IEnumerable<Entry> Entries => _order;

    /// <summary>How many keys were dropped to stay within the bound since this instance was made.</summary>
    public long Dropped { get; private set; }

    public bool Contains(byte[] ratchetKey, uint number) => _byId.ContainsKey(Id(ratchetKey, number));

    public bool HasAnyFor(byte[] ratchetKey) => _order.Any(e => e.RatchetKey.AsSpan().SequenceEqual(ratchetKey));

    public byte[]? Find(byte[] ratchetKey, uint number) =>
        _byId.TryGetValue(Id(ratchetKey, number), out var node) ? node.Value.MessageKey : null;

    public void Add(Entry entry, int maxKeys)
    {
        var id = Id(entry.RatchetKey, entry.Number);
        if (_byId.ContainsKey(id))
        {
            return;
        }

        _byId[id] = _order.AddLast(entry);
        while (_order.Count > maxKeys)
        {
            Remove(_order.First!);
            Dropped++;
        }
    }

    public void Remove(byte[] ratchetKey, uint number)
    {
        if (_byId.TryGetValue(Id(ratchetKey, number), out var node))
        {
            Remove(node);
        }
    }

    /// <summary>Zeroes and drops every key (the session is being let go).</summary>
    public void Clear()
    {
        foreach (var entry in _order)
        {
            CryptographicOperations.ZeroMemory(entry.MessageKey);
        }

        _order.Clear();
        _byId.Clear();
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _byId.Remove(Id(node.Value.RatchetKey, node.Value.Number));
        _order.Remove(node);
        CryptographicOperations.ZeroMemory(node.Value.MessageKey);
    }

    private static (string, uint) Id(byte[] ratchetKey, uint number) => (Convert.ToHexString(ratchetKey), number);

    internal sealed record Entry(byte[] RatchetKey, uint Number, byte[] MessageKey);
}
