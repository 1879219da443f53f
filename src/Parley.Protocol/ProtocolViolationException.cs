using Parley.Protocol.Messages;

namespace Parley.Protocol;

/// <summary>Raised when a peer breaks the wire format; ends that one connection.</summary>
public sealed class ProtocolViolationException(ErrorCode code, string message) : Exception(message)
{
    public ErrorCode Code { get; } = code;
}
