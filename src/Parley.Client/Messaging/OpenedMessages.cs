using Microsoft.Data.Sqlite;
using Parley.Client.Storage;
using Parley.Crypto.Sessions;

namespace Parley.Client.Messaging;

/// <summary>
/// This connection's side of sessions.db's opened messages (docs/sessions.md §13, "Opened messages"): which ones it
/// handed to the application, which the application took (recorded in the store off the application's thread), and,
/// when a delivery no longer opens because this home already opened it, whether its kept plaintext is shown:
/// <list type="bullet">
/// <item>a queued delivery of a message no application took yet (this client, or an earlier one, closed first): shown;</item>
/// <item>a delivery within <see cref="SessionStoreOptions.OpenedMessageWindow"/> of its opening, which this connection has
/// not shown (the same live message reaching the home's other window, or both windows getting the backlog at login): shown;</item>
/// <item>anything else, and anything this connection already handed over and the application did not drop: a replay.</item>
/// </list>
/// </summary>
internal sealed class OpenedMessages(SessionStore store)
{
    private const int FirstPruneAt = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<OpenedMessageKey, Surfaced> _surfaced = [];
    private readonly List<OpenedMessageKey> _toMark = [];
    private int _pruneAt = FirstPruneAt;
    private Task _marking = Task.CompletedTask;
    private bool _markScheduled;

    private enum Fate
    {
        Pending,
        Taken,
        Dropped,
    }

    /// <summary>Opens a delivery in the store, recording the message it opened to as queued or live; the key names that record.</summary>
    public (SessionOpenResult Result, OpenedMessageKey? Key) Open(bool queued, Func<SessionOpenResult> open) => store.OpenDelivery(queued, open);

    /// <summary>
    /// The kept copy of a message that did not open again (<paramref name="senderKeyId"/>, the names it came under, its
    /// ratchet bytes), if it is to be shown; only a copy opened under the same names is found.
    /// </summary>
    public (OpenedMessageKey Key, StoredOpenedMessage Message)? KeptCopyToShow(byte[] senderKeyId, SessionNames names, ReadOnlySpan<byte> ratchetMessage, bool queued)
    {
        var key = OpenedMessageKey.Of(senderKeyId, names, ratchetMessage);
        if (Handed(key) || store.FindOpened(key) is not { } kept)
        {
            return null;
        }

        var withinWindow = store.NowMs - kept.OpenedAt.ToUnixTimeMilliseconds() <= (long)store.Options.OpenedMessageWindow.TotalMilliseconds;
        return (queued && kept.Queued && kept.TakenAt is null) || withinWindow ? (key, kept) : null; // a live row is never "not yet taken"
    }

    /// <summary>An event carrying this message is on its way to the application.</summary>
    public void Surface(OpenedMessageKey key, bool queued)
    {
        lock (_gate)
        {
            _surfaced[key] = new Surfaced(Fate.Pending, queued, store.NowMs);
            if (_surfaced.Count >= _pruneAt)
            {
                ForgetSettled();
            }
        }
    }

    /// <summary>The application took the message's event: a queued one is recorded as taken in the store soon after.</summary>
    public void Taken(OpenedMessageKey key)
    {
        lock (_gate)
        {
            if (!_surfaced.TryGetValue(key, out var surfaced))
            {
                return;
            }

            _surfaced[key] = surfaced with { Fate = Fate.Taken };
            if (!surfaced.Queued)
            {
                return; // a live message's row goes after the window whether or not anyone took it
            }

            _toMark.Add(key);
            if (!_markScheduled)
            {
                _markScheduled = true;
                _marking = Task.Run(MarkWhileNew);
            }
        }
    }

    /// <summary>The message's event was dropped unread: a later delivery of it is shown.</summary>
    public void Dropped(OpenedMessageKey key)
    {
        lock (_gate)
        {
            if (_surfaced.TryGetValue(key, out var surfaced))
            {
                _surfaced[key] = surfaced with { Fate = Fate.Dropped };
            }
        }
    }

    /// <summary>Before the store closes: records what the application took and is not recorded yet.</summary>
    public async Task FlushAsync()
    {
        Task marking;
        lock (_gate)
        {
            marking = _marking;
        }

        await marking.ConfigureAwait(false);
        MarkWhileNew();
    }

    private bool Handed(OpenedMessageKey key)
    {
        lock (_gate)
        {
            return _surfaced.TryGetValue(key, out var surfaced) && surfaced.Fate != Fate.Dropped;
        }
    }

    private void MarkWhileNew()
    {
        while (true)
        {
            OpenedMessageKey[] batch;
            lock (_gate)
            {
                if (_toMark.Count == 0)
                {
                    _markScheduled = false;
                    return;
                }

                batch = [.. _toMark];
                _toMark.Clear();
            }

            try
            {
                store.MarkTaken(batch);
            }
            catch (Exception ex) when (ex is SqliteException or ObjectDisposedException or InvalidOperationException)
            {
                // Not recorded: the row stays until its age bound, and a redelivery of it (only if its ack was lost too) shows it again.
            }
        }
    }

    /// <summary>Forgets what the application took or dropped longer than the window ago: a delivery of it then finds no row and is a replay anyway.</summary>
    private void ForgetSettled()
    {
        var before = store.NowMs - (long)store.Options.OpenedMessageWindow.TotalMilliseconds;
        foreach (var (key, surfaced) in _surfaced.Where(p => p.Value.Fate != Fate.Pending && p.Value.At <= before).ToList())
        {
            _surfaced.Remove(key);
        }

        _pruneAt = Math.Max(FirstPruneAt, 2 * _surfaced.Count);
    }

    private sealed record Surfaced(Fate Fate, bool Queued, long At);
}
