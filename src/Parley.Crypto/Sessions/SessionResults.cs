using Parley.Crypto.Envelope;

namespace Parley.Crypto.Sessions;

/// <summary>A sealed session message (format 2) ready for the wire.</summary>
/// <param name="Envelope">The <see cref="SessionMessage"/>'s bytes, serialized once (the caller must not change them).</param>
/// <param name="MessageId">Its <see cref="Sessions.MessageId"/>: the recipient's delivery receipt will name it.</param>
/// <param name="StartedSession">Sealing ran a new agreement with the bundle given (the previous session, if any, was lost).</param>
public sealed record SealedSessionMessage(byte[] Envelope, byte[] MessageId, bool StartedSession);

/// <summary>What <see cref="SessionSealer.Open"/> made of a format-2 envelope.</summary>
public enum SessionOpenStatus
{
    /// <summary>A message opened: <see cref="SessionOpenResult.Content"/> and <see cref="SessionOpenResult.MessageId"/> are set.</summary>
    Opened,

    /// <summary>
    /// A message for a session this side does not hold (a wiped home, or prekeys it no longer has). Nothing
    /// changed; send <see cref="SessionOpenResult.Notice"/> back to the sender (unsealed) so it starts over,
    /// and tell the user a message from the sender could not be read.
    /// </summary>
    UnknownSession,

    /// <summary>
    /// The peer says it lost our session (a SESSION_UNKNOWN notice that names it): the session is deleted and
    /// the next seal needs a new bundle. Tell the user: messages sent since the peer lost it were not read.
    /// </summary>
    SessionLost,

    /// <summary>A notice naming no session we hold (an old one already replaced, or a forgery): nothing changed; ignore it.</summary>
    StaleNotice,
}

/// <param name="Content">With <see cref="SessionOpenStatus.Opened"/>: the text, its time and the receipts it carries.</param>
/// <param name="MessageId">With <see cref="SessionOpenStatus.Opened"/>: the id to put in a delivery receipt.</param>
/// <param name="StartedSession">With <see cref="SessionOpenStatus.Opened"/>: this message set up a new session (the peer started over).</param>
/// <param name="Notice">With <see cref="SessionOpenStatus.UnknownSession"/>: the SESSION_UNKNOWN notice to send back.</param>
public sealed record SessionOpenResult(
    SessionOpenStatus Status,
    SessionContent? Content = null,
    byte[]? MessageId = null,
    bool StartedSession = false,
    byte[]? Notice = null);
