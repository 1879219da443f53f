namespace Parley.Crypto.Sessions;

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
