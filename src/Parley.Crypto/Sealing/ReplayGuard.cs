namespace Parley.Crypto;

/// <summary>
/// Remembers the messages accepted within the freshness window, by sender key and message id
/// (<see cref="ReplayKey"/>), so that the same sealed message is accepted once. Older ones are
/// forgotten: those messages are stale anyway. Thread-safe.
/// </summary>
public sealed class ReplayGuard(FreshnessPolicy policy)
{
    private readonly Dictionary<ReplayKey, DateTimeOffset> _seen = [];
    private readonly Lock _lock = new();
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    // Entries remembered without a sender (see ReplayKey.AnySender); while there are none, one lookup suffices.
    private int _anySender;

    public ReplayGuard()
        : this(FreshnessPolicy.Default)
    {
    }

    public bool HasSeen(ReplayKey message)
    {
        lock (_lock)
        {
            return _seen.ContainsKey(message) || (_anySender > 0 && _seen.ContainsKey(ReplayKey.AnySender(message.MessageId)));
        }
    }

    /// <summary>Records a message; false when it was already recorded.</summary>
    public bool TryRecord(ReplayKey message, DateTimeOffset sentAt, DateTimeOffset now)
    {
        lock (_lock)
        {
            Prune(now);
            if (!_seen.TryAdd(message, sentAt))
            {
                return false;
            }

            if (message.IsAnySender)
            {
                _anySender++;
            }

            return true;
        }
    }

    /// <summary>The messages still inside the window, for persisting across restarts.</summary>
    public IReadOnlyList<KeyValuePair<ReplayKey, DateTimeOffset>> Snapshot(DateTimeOffset now)
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
        foreach (var (message, sentAt) in _seen)
        {
            if (sentAt < horizon && _seen.Remove(message) && message.IsAnySender)
            {
                _anySender--;
            }
        }
    }
}
