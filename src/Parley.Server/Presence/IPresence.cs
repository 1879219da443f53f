using Parley.Protocol.Messages;
using Parley.Server.Registry;
using Parley.Server.Sessions;

namespace Parley.Server.Presence;

/// <summary>
/// Who is online and who watches: logins join, closed connections leave, and watchers hear both in order.
/// Routing and lookups find recipients here. <see cref="Roster"/> keeps it in this process; a multi-node
/// presence would merge the other nodes' names in, with <see cref="OnlineName.Sessions"/> still only the
/// sessions on this node.
/// </summary>
internal interface IPresence
{
    int OnlineCount { get; }

    /// <summary>The online name registered with exactly this spelling; null when it is offline or spelled otherwise.</summary>
    OnlineName? FindByExactName(string name);

    /// <summary>The online name with this registry key (<see cref="RegisteredName.Key"/>); null when it is offline.</summary>
    OnlineName? FindByKey(string key);

    /// <summary>
    /// Adds a logged-in session. Queues, in this order and with nothing in between: LoginAccepted, the
    /// roster pages (when the session watches presence), the offline <paramref name="backlog"/> (its count in
    /// LoginAccepted.queued_count), and only then makes the session reachable and tells the watchers when its
    /// name just came online.
    /// </summary>
    /// <param name="prekeys">What the server holds of the key's prekeys, sent in LoginAccepted.prekeys (protocol v3).</param>
    void Join(ClientSession session, RegisteredName identity, bool newlyRegistered, PrekeyStatus? prekeys = null, IReadOnlyList<QueuedFrame>? backlog = null);

    /// <summary>The online names whose owner's key id (<see cref="RegisteredName.KeyId"/>) is <paramref name="keyId"/>: one key may own several names.</summary>
    IEnumerable<OnlineName> OnlineNamesOwnedBy(byte[] keyId);

    /// <summary>Removes a session that logged in (any other is ignored); the name goes offline with its last session.</summary>
    void Leave(ClientSession session);
}
