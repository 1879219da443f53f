using Parley.Crypto.Envelope;

namespace Parley.Crypto.Sessions;

/// <summary>
/// Where <see cref="SessionSealer"/> keeps sessions and this client's own keys. Every seal and every open
/// runs in one <see cref="ISessionTransaction"/>, which holds the store exclusively until it is committed
/// or disposed: two sealers on one store (a chat window and a script on one home) never both read the same
/// state, so a session never forks.
/// </summary>
public interface ISessionStore
{
    /// <summary>Starts a transaction, waiting for any other writer to finish first.</summary>
    ISessionTransaction Begin();
}

/// <summary>One all-or-nothing unit of work on the store: nothing it changed stays unless <see cref="Commit"/> ran.</summary>
public interface ISessionTransaction : IDisposable
{
    /// <summary>This client's keys, as the agreement asks for them.</summary>
    ILocalSessionKeys Keys { get; }

    /// <summary>The sessions with the peer of RSA key id <paramref name="peerKeyId"/>, the most recently active first.</summary>
    IReadOnlyList<StoredSession> SessionsWith(byte[] peerKeyId);

    /// <summary>Inserts or replaces the session with that base key; <paramref name="active"/> makes it the one the next seal uses.</summary>
    void Save(byte[] peerKeyId, byte[] baseKey, byte[] state, bool active);

    void Delete(byte[] peerKeyId, byte[] baseKey);

    /// <summary>Deletes a one-time prekey an agreement used, so it never serves a second one.</summary>
    void DeleteOneTimePrekey(uint id);

    /// <summary>
    /// A message opened in this transaction (before <see cref="Commit"/>): a store may keep what it needs to hand the
    /// message out again should the same bytes come again (a redelivery; docs/sessions.md §13, "Opened messages"),
    /// committed with the ratchet step that deleted its key. <paramref name="names"/> are those it opened under: a copy
    /// handed out again must be for the same names. Default: nothing is kept.
    /// </summary>
    void Opened(byte[] senderKeyId, SessionNames names, byte[] messageId, ReadOnlySpan<byte> ratchetMessage, SessionContent content)
    {
    }

    void Commit();
}

/// <summary>A session as stored: its base key (the initiator's ephemeral key) and its serialized state.</summary>
public sealed record StoredSession(byte[] BaseKey, byte[] State);
