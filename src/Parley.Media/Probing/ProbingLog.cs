using Microsoft.Extensions.Logging;

namespace Parley.Media.Probing;

/// <summary>The media tools check's log events (event ids 3060-3069).</summary>
internal static partial class ProbingLog
{
    [LoggerMessage(EventId = 3060, Level = LogLevel.Warning, Message = "videos are unavailable: {Problem}")]
    public static partial void ToolsMissing(this ILogger logger, string problem);

    [LoggerMessage(EventId = 3061, Level = LogLevel.Information, Message = "ffmpeg and ffprobe found; preparing videos")]
    public static partial void ToolsFound(this ILogger logger);
}
