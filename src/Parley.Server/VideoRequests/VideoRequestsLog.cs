using Microsoft.Extensions.Logging;

namespace Parley.Server.VideoRequests;

/// <summary>The log events of Parley-connection video requests (event ids 3200-3249).</summary>
internal static partial class VideoRequestsLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Error, Message = "Segment request {RequestId} for {Video} failed")]
    public static partial void SegmentRequestFailed(this ILogger logger, Exception exception, ulong requestId, string video);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Segment {Path} could not be read: {Reason}")]
    public static partial void SegmentUnreadable(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Error, Message = "{Request} failed after waiting for the video library")]
    public static partial void VideoRequestFailed(this ILogger logger, Exception exception, string request);
}
