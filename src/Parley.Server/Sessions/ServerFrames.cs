using Parley.Protocol.Messages;

namespace Parley.Server.Sessions;

/// <summary>Builders for the server frames that are assembled in more than one place.</summary>
internal static class ServerFrames
{
    public static ServerFrame FatalError(ErrorCode code, string message, uint retryAfterMs = 0) =>
        new() { Error = new Error { Code = code, Message = message, Fatal = true, RetryAfterMs = retryAfterMs } };

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
