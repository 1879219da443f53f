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
}
