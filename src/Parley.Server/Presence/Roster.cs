using System.Collections.Concurrent;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server.Registry;
using Parley.Server.Sessions;

namespace Parley.Server.Presence;

/// <summary>
/// The in-process <see cref="IPresence"/>: who is online on this server, and the connections that watch
/// presence. Joins and leaves take one lock (they are rare and must reach every watcher in order);
/// routing only reads the concurrent dictionaries.
/// </summary>
internal sealed class Roster : IPresence
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, OnlineName> _byKey = new(StringComparer.Ordinal);

    // The same entries under the exact registered spelling: the common case costs no normalization.
    private readonly ConcurrentDictionary<string, OnlineName> _byName = new(StringComparer.Ordinal);
    private readonly HashSet<ClientSession> _watchers = [];

    public int OnlineCount => _byKey.Count;

    public OnlineName? FindByExactName(string name) => _byName.TryGetValue(name, out var found) ? found : null;

    public OnlineName? FindByKey(string key) => _byKey.TryGetValue(key, out var found) ? found : null;

    /// <summary>
    /// Adds a logged-in connection. Queues, in this order and with nothing in between: LoginAccepted,
    /// the roster pages (when the session watches presence), the offline backlog, and only then makes the
    /// connection reachable and tells the watchers when its name just came online.
    /// </summary>
    public void Join(ClientSession session, RegisteredName identity, bool newlyRegistered, PrekeyStatus? prekeys = null, IReadOnlyList<QueuedFrame>? backlog = null)
    {
        lock (_gate)
        {
            var entry = FindByKey(identity.Key);
            var cameOnline = entry is null;
            entry ??= new OnlineName(identity);

            session.SendOrDrop(new ServerFrame
            {
                LoginAccepted = new LoginAccepted
                {
                    Name = identity.Name,
                    Fingerprint = identity.Fingerprint,
                    NewlyRegistered = newlyRegistered,
                    OnlineCount = (uint)(_byKey.Count + (cameOnline ? 1 : 0)),
                    Prekeys = prekeys,
                    QueuedCount = (uint)(backlog?.Count ?? 0),
                },
            });

            if (session.WantsPresence)
            {
                SendRoster(session, identity.Key);
                _watchers.Add(session);
            }

            // Before the session is reachable: no live delivery can overtake its queued ones.
            foreach (var delivery in backlog ?? [])
            {
                session.SendOrDrop(delivery);
            }

            entry.Sessions = [.. entry.Sessions, session];
            if (cameOnline)
            {
                _byKey[identity.Key] = entry;
                _byName[identity.Name] = entry;
                Broadcast(new ServerFrame { PeerJoined = new PeerJoined { Peer = identity.OnlinePeer } }, identity.Key);
            }
        }
    }

    // A scan of the online names: only prekey status pushes ask, and they are rare (a fetch leaving few one-time prekeys).
    public IEnumerable<OnlineName> OnlineNamesOwnedBy(byte[] keyId) =>
        _byKey.Values.Where(entry => entry.Registration.KeyId.AsSpan().SequenceEqual(keyId));

    /// <summary>Removes a connection that logged in; the name goes offline with its last connection.</summary>
    public void Leave(ClientSession session)
    {
        var identity = session.Identity;
        if (identity is null)
        {
            return;
        }

        lock (_gate)
        {
            _watchers.Remove(session);
            var entry = FindByKey(identity.Key);
            if (entry is null)
            {
                return;
            }

            var remaining = Array.FindAll(entry.Sessions, s => !ReferenceEquals(s, session));
            entry.Sessions = remaining;
            if (remaining.Length == 0)
            {
                _byKey.TryRemove(identity.Key, out _);
                _byName.TryRemove(identity.Name, out _);
                Broadcast(new ServerFrame { PeerLeft = new PeerLeft { Name = identity.Name } }, identity.Key);
            }
        }
    }

    private void SendRoster(ClientSession session, string ownKey)
    {
        var peers = new List<Peer>(_byKey.Count);
        foreach (var (key, entry) in _byKey)
        {
            if (key != ownKey)
            {
                peers.Add(entry.Registration.OnlinePeer);
            }
        }

        var offset = 0;
        do
        {
            var count = Math.Min(ProtocolConstants.RosterPageSize, peers.Count - offset);
            var page = new RosterPage { Last = offset + count == peers.Count };
            page.Peers.AddRange(peers.GetRange(offset, count));
            session.SendOrDrop(new ServerFrame { RosterPage = page });
            offset += count;
        }
        while (offset < peers.Count);
    }

    // Presence events that do not fit a watcher's queue disconnect that watcher (SLOW_CONSUMER):
    // a roster with a hole in it would be wrong without anybody noticing.
    private void Broadcast(ServerFrame frame, string aboutKey)
    {
        var size = frame.CalculateSize();
        foreach (var watcher in _watchers)
        {
            if (watcher.Identity?.Key == aboutKey)
            {
                continue;
            }

            if (watcher.Outbox.TryEnqueue(frame, size, checkBytes: false) == EnqueueResult.Full)
            {
                watcher.FailAsSlowConsumer("the connection is not reading presence events fast enough");
            }
        }
    }
}
