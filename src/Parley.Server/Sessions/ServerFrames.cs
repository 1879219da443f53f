using Parley.Protocol.Messages;

namespace Parley.Server.Sessions;

/// <summary>Builders for the server frames that are assembled in more than one place.</summary>
internal static class ServerFrames
{
    /// <summary>
    /// How long a client told SERVER_SHUTTING_DOWN should wait before reconnecting (docs/protocol.md §3.6): about what a
    /// restart takes, so reconnecting clients do not all knock on a closed port at once.
    /// </summary>
    public const uint ShuttingDownRetryAfterMs = 2000;

    public static ServerFrame FatalError(ErrorCode code, string message) =>
        new()
        {
            Error = new Error
            {
                Code = code,
                Message = message,
                Fatal = true,
                RetryAfterMs = code == ErrorCode.ServerShuttingDown ? ShuttingDownRetryAfterMs : 0,
            },
        };

    public static ServerFrame SendResult(ulong requestId, ErrorCode code, string message, uint deliveredConnections) =>
        new()
        {
            SendResult = new SendResult
            {
                RequestId = requestId,
                Code = code,
                Message = message,
                DeliveredConnections = deliveredConnections,
            },
        };
}
