using Parley.Client.Connection;
using Parley.Client.Storage;
using Parley.Protocol.Messages;

namespace Parley.Client.Presence;

/// <summary>
/// Keeps the <see cref="Roster"/> from roster pages and join/leave frames (presence connections only)
/// and raises the matching events, with a key-change warning for a listed key that is not the pin.
/// </summary>
internal sealed class PresenceFeed
{
    private readonly Roster _roster;
    private readonly KnownPeers _pins;
    private readonly PeerViews _views;
    private readonly Action<ClientEvent> _emit;
    private TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // While a reconnected connection's roster arrives: the roster as it was before the loss.
    private IReadOnlyList<RosterEntry>? _beforeLoss;

    public PresenceFeed(LiveConnection connection, IdentityName self, KnownPeers pins, PeerViews views, Action<ClientEvent> emit)
    {
        _roster = new Roster(self);
        _pins = pins;
        _views = views;
        _emit = emit;
        connection.On(ServerFrame.BodyOneofCase.RosterPage, OnRosterPage);
        connection.On(ServerFrame.BodyOneofCase.PeerJoined, OnPeerJoined);
        connection.On(ServerFrame.BodyOneofCase.PeerLeft, OnPeerLeft);
    }

    /// <summary>Completes when the last roster page arrived; fails when the connection ends first.</summary>
    public Task Complete => Volatile.Read(ref _complete).Task;

    /// <summary>Sorted by name; empty without presence.</summary>
    public IReadOnlyList<RosterEntry> Snapshot() => _roster.Snapshot();

    /// <inheritdoc cref="Roster.Find"/>
    public RosterEntry? Find(IdentityName name) => _roster.Find(name);

    public IReadOnlyList<PeerInfo> Online() => [.. _roster.Snapshot().Select(_views.Of)];

    public void Fail(Exception failure) => Volatile.Read(ref _complete).TrySetException(failure);

    /// <summary>
    /// A new connection is about to send its whole roster (after a reconnect); called before it starts reading.
    /// The roster is read afresh and, once complete, compared with the one before the loss: whoever left or came
    /// meanwhile is announced with <see cref="PeerLeftEvent"/> / <see cref="PeerJoinedEvent"/>, as if seen live.
    /// </summary>
    public void BeginRestore()
    {
        _beforeLoss ??= _roster.Snapshot();
        _roster.Clear();
        Volatile.Write(ref _complete, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    private void OnRosterPage(ServerFrame frame)
    {
        foreach (var peer in frame.RosterPage.Peers)
        {
            WarnIfKeyChanged(_roster.Add(peer));
        }

        if (frame.RosterPage.Last)
        {
            if (_beforeLoss is { } before)
            {
                _beforeLoss = null;
                AnnounceChangesSince(before);
            }

            Volatile.Read(ref _complete).TrySetResult();
        }
    }

    private void OnPeerJoined(ServerFrame frame)
    {
        var joined = _roster.Add(frame.PeerJoined.Peer ?? new Peer());
        if (_beforeLoss is null)
        {
            _emit(new PeerJoinedEvent(_views.Of(joined)));
        }

        WarnIfKeyChanged(joined);
    }

    private void OnPeerLeft(ServerFrame frame)
    {
        if (_roster.Remove(frame.PeerLeft.Name) is { } left && _beforeLoss is null)
        {
            _emit(new PeerLeftEvent(left));
        }
    }

    /// <summary>The differences between the roster before a loss and the restored one, as leaves then joins (a changed key is both).</summary>
    private void AnnounceChangesSince(IReadOnlyList<RosterEntry> before)
    {
        var now = _roster.Snapshot();
        var kept = new HashSet<(string, string)>(now.Select(e => (e.Name, e.Fingerprint)));
        var had = new HashSet<(string, string)>(before.Select(e => (e.Name, e.Fingerprint)));
        foreach (var gone in before.Where(e => !kept.Contains((e.Name, e.Fingerprint))))
        {
            _emit(new PeerLeftEvent(gone.Name));
        }

        foreach (var came in now.Where(e => !had.Contains((e.Name, e.Fingerprint))))
        {
            _emit(new PeerJoinedEvent(_views.Of(came)));
        }
    }

    private void WarnIfKeyChanged(RosterEntry entry)
    {
        if (_pins.Peek(entry.Name, entry.Spki) == PinStatus.Changed)
        {
            _emit(new KeyChangedEvent(entry.Name, _pins.PinnedFingerprint(entry.Name) ?? string.Empty, entry.Fingerprint));
        }
    }
}
