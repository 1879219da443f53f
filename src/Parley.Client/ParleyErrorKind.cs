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
}
