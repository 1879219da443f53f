using System.Security.Cryptography;
using Google.Protobuf;
using Parley.Crypto.Envelope;

namespace Parley.Crypto.Sessions;

/// <summary>
/// Seals and opens envelope format 2 (<see cref="SessionMessage"/>, docs/sessions.md §12) over an
/// <see cref="ISessionStore"/>: each seal and each open is one store transaction (load the session, run the
/// ratchet, save it, delete a used one-time prekey), so nothing is half done and two sealers on one store
/// never fork a session. No I/O of its own: a bundle is fetched by the caller (<see cref="SealAsync"/>).
/// Every message binds the sender's and the recipient's names (<see cref="SessionNames"/>) into its associated data:
/// sessions are between keys, and one key may own several names.
/// </summary>
/// <param name="maxSignedPrekeyAge">
/// A bundle whose signed prekey is older than this is refused (<see cref="SessionRejection.StalePrekey"/>): a server
/// replaying an old bundle. Default <see cref="DefaultMaxSignedPrekeyAge"/>.
/// </param>
public sealed class SessionSealer(
    ISessionStore store,
    ISessionEntropy? entropy = null,
    RatchetLimits? limits = null,
    TimeProvider? time = null,
    TimeSpan? maxSignedPrekeyAge = null) : IDisposable
{
    /// <summary>21 days: the client store's rotation period (7 days) plus the grace it keeps a replaced prekey (14 days).</summary>
    public static readonly TimeSpan DefaultMaxSignedPrekeyAge = TimeSpan.FromDays(21);

    /// <summary>
    /// Sessions kept per peer. Two appear when both sides start one at the same moment (each opens the
    /// other's first message); the one that last opened a message is the one used, older ones go.
    /// </summary>
    public const int MaxSessionsPerPeer = 4;

    /// <summary>Sessions kept live between messages (<see cref="LiveSessions"/>); the least recently used beyond this are read back when next used.</summary>
    public const int MaxLiveSessions = 64;

    private readonly ISessionEntropy _entropy = entropy ?? SystemEntropy.Instance;
    private readonly RatchetLimits _limits = limits ?? RatchetLimits.Default;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TimeSpan _maxSignedPrekeyAge = maxSignedPrekeyAge ?? DefaultMaxSignedPrekeyAge;
    private readonly LiveSessions _live = new(MaxLiveSessions);

    /// <summary>Whether a seal to <paramref name="peer"/> can go without a bundle.</summary>
    public bool HasSession(PeerKey peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        using var transaction = store.Begin();
        return transaction.SessionsWith(peer.KeyId).Count > 0;
    }

    /// <summary>
    /// Seals <paramref name="content"/> for <paramref name="recipient"/>, fetching its bundle first (outside
    /// any transaction) when there is no session yet. If another sealer on the store set one up meanwhile,
    /// that session is used and the bundle is not.
    /// </summary>
    /// <param name="names">This side's registered name as sender, the recipient's registered name as recipient.</param>
    public async Task<SealedSessionMessage> SealAsync(
        PeerKey recipient,
        SessionNames names,
        SessionContent content,
        Func<CancellationToken, Task<VerifiedPrekeyBundle>> fetchBundle,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchBundle);
        try
        {
            return Seal(recipient, names, content);
        }
        catch (SessionRejectedException ex) when (ex.Reason == SessionRejection.NoSession)
        {
            // The first message to this peer (or a notice deleted the session): start one below.
        }

        using var bundle = await fetchBundle(cancellationToken).ConfigureAwait(false);
        return Seal(recipient, names, content, bundle);
    }

    /// <summary>Seals with the current session, or with a new one from <paramref name="bundle"/> when there is none.</summary>
    /// <exception cref="SessionRejectedException">
    /// <see cref="SessionRejection.NoSession"/>: no session and no bundle; <see cref="SessionRejection.WrongIdentity"/>:
    /// the bundle is not <paramref name="recipient"/>'s; <see cref="SessionRejection.StalePrekey"/>: its signed prekey is too old; <see cref="SessionRejection.Exhausted"/>: the chain is used up.
    /// </exception>
    public SealedSessionMessage Seal(PeerKey recipient, SessionNames names, SessionContent content, VerifiedPrekeyBundle? bundle = null)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(content);
        using var transaction = store.Begin();
        var sessions = transaction.SessionsWith(recipient.KeyId);
        var started = sessions.Count == 0;
        var session = started
            ? Initiate(transaction.Keys, recipient, bundle)
            : Resume(recipient.KeyId, sessions[0]);
        SealedSessionMessage result;
        byte[] state;
        try
        {
            var plaintext = content.ToByteArray();
            var ratchet = session.Seal(plaintext, names.Bound);
            CryptographicOperations.ZeroMemory(plaintext);
            var message = new SessionMessage { Version = EnvelopeFormat.Session, Ratchet = UnsafeByteOperations.UnsafeWrap(ratchet) };
            if (session.PendingInitialHeader is { } header)
            {
                message.InitialHeader = UnsafeByteOperations.UnsafeWrap(header.Encode());
            }

            state = session.Serialize();
            transaction.Save(recipient.KeyId, session.BaseKey, state, active: started);
            if (started)
            {
                Trim(transaction, recipient.KeyId);
            }

            transaction.Commit();
            result = new SealedSessionMessage(message.ToByteArray(), MessageId.Of(session.BaseKey, ratchet), started);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        _live.Keep(recipient.KeyId, state, session);
        return result;
    }

    /// <summary>Opens a format-2 envelope the server says came from <paramref name="sender"/> (its pinned key).</summary>
    /// <param name="names">The delivery's sender name as sender, the name this side is logged in as as recipient.</param>
    /// <exception cref="SessionRejectedException">
    /// The message does not open, and the store is as it was: <see cref="SessionRejection.Tampered"/> (also when it was
    /// sealed from or to another name than <paramref name="names"/>: the two cannot be told apart),
    /// <see cref="SessionRejection.Replayed"/>, <see cref="SessionRejection.TooManySkipped"/>,
    /// <see cref="SessionRejection.BadSignature"/> (a first message whose identity agreement key is not the sender's),
    /// <see cref="SessionRejection.Malformed"/>, <see cref="SessionRejection.UnsupportedVersion"/> (not format 2).
    /// </exception>
    public SessionOpenResult Open(PeerKey sender, SessionNames names, ReadOnlySpan<byte> envelope)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(names);
        var message = Parse(envelope);
        if (message.BodyCase == SessionMessage.BodyOneofCase.Notice)
        {
            return ReceiveNotice(sender, message.Notice);
        }

        if (message.BodyCase != SessionMessage.BodyOneofCase.Ratchet)
        {
            throw new SessionRejectedException(SessionRejection.Malformed, "a session message carries neither a ratchet message nor a notice");
        }

        var ratchet = message.Ratchet.Span;
        var ratchetKey = RatchetHeader.Decode(ratchet, out _).RatchetKey;
        var initialHeader = message.InitialHeader.IsEmpty ? null : InitialHeader.Decode(message.InitialHeader.Span);
        using var transaction = store.Begin();
        var sessions = transaction.SessionsWith(sender.KeyId);
        if (initialHeader is not null && !sessions.Any(s => s.BaseKey.AsSpan().SequenceEqual(initialHeader.EphemeralKey)))
        {
            return OpenFirst(transaction, sender, names, initialHeader, ratchet, ratchetKey);
        }

        if (sessions.Count == 0)
        {
            return Unknown(baseKey: null, ratchetKey);
        }

        var ordered = initialHeader is null
            ? sessions
            : [.. sessions.Where(s => s.BaseKey.AsSpan().SequenceEqual(initialHeader.EphemeralKey))];
        SessionRejectedException? first = null;
        foreach (var stored in ordered)
        {
            var session = Resume(sender.KeyId, stored);
            byte[] plaintext;
            try
            {
                plaintext = session.Open(ratchet, names.Bound);
            }
            catch (SessionRejectedException ex)
            {
                // A message that does not open leaves the session as it was: still the stored one.
                _live.Keep(sender.KeyId, stored.State, session);
                first ??= ex;
                continue;
            }
            catch
            {
                session.Dispose();
                throw;
            }

            return Committed(transaction, sender, names, session, ratchet, plaintext, started: false);
        }

        throw Explained(first!, names);
    }

    private SessionOpenResult OpenFirst(ISessionTransaction transaction, PeerKey sender, SessionNames names, InitialHeader header, ReadOnlySpan<byte> ratchet, byte[] ratchetKey)
    {
        ResponderAgreement agreement;
        try
        {
            agreement = SessionAgreement.Respond(transaction.Keys, sender, header);
        }
        catch (SessionRejectedException ex) when (ex.Reason == SessionRejection.UnknownPrekey)
        {
            // Prekeys this side no longer holds: its home was wiped, or they rotated out long ago.
            return Unknown(header.EphemeralKey, ratchetKey);
        }

        var signedPrekey = transaction.Keys.FindSignedPrekey(agreement.SignedPrekeyId)!;
        var session = RatchetSession.StartAsResponder(agreement, signedPrekey, _entropy, _limits);
        CryptographicOperations.ZeroMemory(agreement.SharedSecret);
        byte[] plaintext;
        try
        {
            plaintext = session.Open(ratchet, names.Bound);
        }
        catch (SessionRejectedException ex)
        {
            session.Dispose();
            throw Explained(ex, names);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        if (agreement.UsedOneTimePrekeyId is { } used)
        {
            transaction.DeleteOneTimePrekey(used);
        }

        return Committed(transaction, sender, names, session, ratchet, plaintext, started: true);
    }

    /// <summary>Saves a session that has just opened a message, commits, and keeps it live; disposes it if anything fails.</summary>
    private SessionOpenResult Committed(
        ISessionTransaction transaction, PeerKey sender, SessionNames names, RatchetSession session, ReadOnlySpan<byte> ratchet, byte[] plaintext, bool started)
    {
        SessionOpenResult result;
        byte[] state;
        try
        {
            var content = Content(plaintext);
            var id = MessageId.Of(session.BaseKey, ratchet);
            state = session.Serialize();
            transaction.Save(sender.KeyId, session.BaseKey, state, active: true);
            if (started)
            {
                Trim(transaction, sender.KeyId);
            }

            transaction.Opened(sender.KeyId, names, id, ratchet, content);
            transaction.Commit();
            result = new SessionOpenResult(SessionOpenStatus.Opened, content, id, StartedSession: started);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        _live.Keep(sender.KeyId, state, session);
        return result;
    }

    private SessionOpenResult ReceiveNotice(PeerKey sender, SessionNotice notice)
    {
        if (notice.Kind != SessionNoticeKind.SessionUnknown)
        {
            return new SessionOpenResult(SessionOpenStatus.StaleNotice);
        }

        using var transaction = store.Begin();
        foreach (var stored in transaction.SessionsWith(sender.KeyId))
        {
            var session = Resume(sender.KeyId, stored);
            var named = (!notice.BaseKey.IsEmpty && notice.BaseKey.Span.SequenceEqual(session.BaseKey))
                || (!notice.RatchetKey.IsEmpty && notice.RatchetKey.Span.SequenceEqual(session.SendingRatchetKey));
            if (named)
            {
                session.Dispose();
                transaction.Delete(sender.KeyId, stored.BaseKey);
                transaction.Commit();
                return new SessionOpenResult(SessionOpenStatus.SessionLost);
            }

            _live.Keep(sender.KeyId, stored.State, session);
        }

        return new SessionOpenResult(SessionOpenStatus.StaleNotice);
    }

    /// <summary>The session as stored: the live one this sealer kept if the store still holds the state it committed, else read back.</summary>
    private RatchetSession Resume(byte[] peerKeyId, StoredSession stored) =>
        _live.Take(peerKeyId, stored) ?? RatchetSession.Deserialize(stored.State, _entropy, _limits);

    private RatchetSession Initiate(ILocalSessionKeys own, PeerKey recipient, VerifiedPrekeyBundle? bundle)
    {
        if (bundle is null)
        {
            throw new SessionRejectedException(SessionRejection.NoSession, "there is no session with this peer yet: its prekey bundle is needed to start one");
        }

        if (!CryptographicOperations.FixedTimeEquals(bundle.OwnerKeyId, recipient.KeyId))
        {
            throw new SessionRejectedException(SessionRejection.WrongIdentity, "the prekey bundle belongs to another identity than the recipient");
        }

        var age = _time.GetUtcNow() - bundle.SignedPrekeyCreatedAt;
        if (age > _maxSignedPrekeyAge)
        {
            throw new SessionRejectedException(
                SessionRejection.StalePrekey,
                $"the bundle's signed prekey is {age.TotalDays:0} days old; its owner replaces it well before {_maxSignedPrekeyAge.TotalDays:0} days, so the server handed out an old one");
        }

        var agreement = SessionAgreement.Initiate(own, bundle, _entropy);
        try
        {
            return RatchetSession.StartAsInitiator(agreement, _entropy, _limits);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(agreement.SharedSecret);
        }
    }

    private void Trim(ISessionTransaction transaction, byte[] peerKeyId)
    {
        foreach (var old in transaction.SessionsWith(peerKeyId).Skip(MaxSessionsPerPeer))
        {
            transaction.Delete(peerKeyId, old.BaseKey);
            _live.Forget(peerKeyId, old.BaseKey);
        }
    }

    /// <summary>
    /// A message that does not authenticate was changed in transit or sealed for other names (a server that handed it to
    /// another name of this key, or relabelled its sender): one tag covers both, so the reason names both.
    /// </summary>
    private static SessionRejectedException Explained(SessionRejectedException rejection, SessionNames names) =>
        rejection.Reason != SessionRejection.Tampered
            ? rejection
            : new SessionRejectedException(
                SessionRejection.Tampered,
                $"the message does not authenticate as one from '{names.Sender}' to '{names.Recipient}': it was sealed for another "
                + "recipient name (delivered to another name of this identity) or from another sender name (relabelled), or it was changed in transit");

    private static SessionOpenResult Unknown(byte[]? baseKey, byte[] ratchetKey)
    {
        var notice = new SessionNotice { Kind = SessionNoticeKind.SessionUnknown, RatchetKey = ByteString.CopyFrom(ratchetKey) };
        if (baseKey is not null)
        {
            notice.BaseKey = ByteString.CopyFrom(baseKey);
        }

        var reply = new SessionMessage { Version = EnvelopeFormat.Session, Notice = notice };
        return new SessionOpenResult(SessionOpenStatus.UnknownSession, Notice: reply.ToByteArray());
    }

    private static SessionMessage Parse(ReadOnlySpan<byte> envelope)
    {
        var version = EnvelopeFormat.Read(envelope);
        if (version != EnvelopeFormat.Session)
        {
            throw new SessionRejectedException(SessionRejection.UnsupportedVersion, $"envelope format {version} is not a session message (format 2)");
        }

        try
        {
            return SessionMessage.Parser.ParseFrom(envelope);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new SessionRejectedException(SessionRejection.Malformed, "not a session message: " + ex.Message);
        }
    }

    private static SessionContent Content(byte[] plaintext)
    {
        try
        {
            return SessionContent.Parser.ParseFrom(plaintext);
        }
        catch (InvalidProtocolBufferException ex)
        {
            // It authenticated, so the peer's own client wrote it: a bug or a newer format, not an attack.
            throw new SessionRejectedException(SessionRejection.Malformed, "the opened content is not a SessionContent: " + ex.Message);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Zeroes the sessions kept live; the store keeps them.</summary>
    public void Dispose() => _live.Dispose();
}
