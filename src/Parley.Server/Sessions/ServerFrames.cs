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

    /// <param name="retryAfterMs">Advice to wait before trying again; SERVER_SHUTTING_DOWN gets <see cref="ShuttingDownRetryAfterMs"/> when none is given.</param>
    public static ServerFrame FatalError(ErrorCode code, string message, uint retryAfterMs = 0) =>
        new()
        {
            Error = new Error
            {
                Code = code,
                Message = message,
                Fatal = true,
                RetryAfterMs = retryAfterMs == 0 && code == ErrorCode.ServerShuttingDown ? ShuttingDownRetryAfterMs : retryAfterMs,
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

    /// <summary>Protocol v3: SendResult(OK, queued): the recipient is offline and the message waits in its queue.</summary>
    public static ServerFrame SendQueued(ulong requestId)
    {
        var frame = SendResult(requestId, ErrorCode.Ok, string.Empty, 0);
        frame.SendResult.Queued = true;
        return frame;
    }
}
