namespace Parley.Crypto;

/// <summary>
/// Remembers the ids of messages accepted within the freshness window, so that the same
/// sealed message is accepted once. Older ids are forgotten: those messages are stale anyway.
/// Thread-safe.
/// </summary>
public sealed class ReplayGuard(FreshnessPolicy policy)
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public ReplayGuard()
        : this(FreshnessPolicy.Default)
    {
    }

    public bool HasSeen(string messageId)
    {
        lock (_lock)
        {
            return _seen.ContainsKey(messageId);
        }
    }

    /// <summary>Records an id; false when it was already recorded.</summary>
    public bool TryRecord(string messageId, DateTimeOffset sentAt, DateTimeOffset now)
    {
        lock (_lock)
        {
            Prune(now);
            return _seen.TryAdd(messageId, sentAt);
        }
    }

    /// <summary>The ids still inside the window, for persisting across restarts.</summary>
    public IReadOnlyList<KeyValuePair<string, DateTimeOffset>> Snapshot(DateTimeOffset now)
    {
        lock (_lock)
        {
            Prune(now);
            return [.. _seen];
        }
    }

    private void Prune(DateTimeOffset now)
    {
        if (now - _lastPrune < TimeSpan.FromSeconds(1))
        {
            return;
        }

        _lastPrune = now;
        var horizon = now - policy.ReplayWindow;
        foreach (var (id, sentAt) in _seen)
        {
            if (sentAt < horizon)
            {
                _seen.Remove(id);
            }
        }
    }
}
