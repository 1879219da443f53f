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
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PresenceFeed(ClientConnection connection, IdentityName self, KnownPeers pins, PeerViews views, Action<ClientEvent> emit)
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
    public Task Complete => _complete.Task;

    /// <summary>Sorted by name; empty without presence.</summary>
    public IReadOnlyList<RosterEntry> Snapshot() => _roster.Snapshot();

    /// <inheritdoc cref="Roster.Find"/>
    public RosterEntry? Find(IdentityName name) => _roster.Find(name);

    public IReadOnlyList<PeerInfo> Online() => [.. _roster.Snapshot().Select(_views.Of)];

    public void Fail(Exception failure) => _complete.TrySetException(failure);

    private void OnRosterPage(ServerFrame frame)
    {
        foreach (var peer in frame.RosterPage.Peers)
        {
            WarnIfKeyChanged(_roster.Add(peer));
        }

        if (frame.RosterPage.Last)
        {
            _complete.TrySetResult();
        }
    }

    private void OnPeerJoined(ServerFrame frame)
    {
        var joined = _roster.Add(frame.PeerJoined.Peer ?? new Peer());
        _emit(new PeerJoinedEvent(_views.Of(joined)));
        WarnIfKeyChanged(joined);
    }

    private void OnPeerLeft(ServerFrame frame)
    {
        if (_roster.Remove(frame.PeerLeft.Name) is { } left)
        {
            _emit(new PeerLeftEvent(left));
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
