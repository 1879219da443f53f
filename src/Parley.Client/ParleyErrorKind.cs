namespace Parley.Client;

public enum ParleyErrorKind
{
    ConnectionFailed,
    NameTaken,
    InvalidName,
    ProtocolError,
    Disconnected,
    Timeout,
    Other,

    /// <summary>The server turned the login away for now (too many logins at once); trying again shortly may work.</summary>
    ServerBusy,

    /// <summary>
    /// The server's TLS key is not the one pinned for its address (known_servers or --server-fingerprint): someone may
    /// be in the middle, or the server's key was replaced. Nothing was sent.
    /// </summary>
    ServerKeyChanged,

    /// <summary>No one is registered under the name asked for.</summary>
    UnknownName,

    /// <summary>The name's owner has published no prekey bundle: no session can be started with it yet.</summary>
    NoPrekeys,

    /// <summary>The server refused the request because this connection's request rate is used up; try again later.</summary>
    RateLimited,

    /// <summary>
    /// A prekey bundle that is not the expected identity's: another key than the one expected (pinned), or a signature
    /// that does not verify as that key's. Nothing from it is used.
    /// </summary>
    WrongIdentity,

    /// <summary>The server refused a request as invalid; its message names the field.</summary>
    InvalidRequest,

    /// <summary>The upload would leave more one-time prekeys on the server than it keeps per key; nothing was stored.</summary>
    TooManyPrekeys,
}
