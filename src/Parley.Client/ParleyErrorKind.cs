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
}
