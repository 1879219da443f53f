using Microsoft.Extensions.Logging;

namespace Parley.Media.Library;

/// <summary>The video library's log events (event ids 3020-3059).</summary>
internal static partial class LibraryLog
{
    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "cannot watch the videos folder {Directory}: {Reason}")]
    public static partial void CannotWatch(this ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "video library: {Ready} of {Videos} ready in {Directory}{Separator}{Summary}")]
    public static partial void Summary(this ILogger logger, int ready, string videos, string directory, string separator, string summary);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "watching {Directory} failed; rescanning")]
    public static partial void WatchFailed(this ILogger logger, Exception exception, string directory);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Information, Message = "video '{Name}' {Height}p ready (packaged earlier, {Segments})")]
    public static partial void RenditionReadyFromCache(this ILogger logger, string name, int height, string segments);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Information, Message = "video '{Name}' {Height}p ready ({Segments}, packaged in {Seconds:0.0} s)")]
    public static partial void RenditionPackaged(this ILogger logger, string name, int height, string segments, double seconds);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Warning, Message = "video '{Name}' is unavailable: {Reason}")]
    public static partial void VideoUnavailable(this ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 3026, Level = LogLevel.Information, Message = "video '{Name}' ready ({Heights}p, transcoded earlier)")]
    public static partial void LadderReadyFromCache(this ILogger logger, string name, string heights);

    [LoggerMessage(EventId = 3027, Level = LogLevel.Information, Message = "video '{Name}': making {Heights}p from {File} ({Width}x{Height}, {Seconds:0.#} s)")]
    public static partial void TranscodingStarted(this ILogger logger, string name, string heights, string file, int width, int height, double seconds);

    [LoggerMessage(EventId = 3028, Level = LogLevel.Information, Message = "video '{Name}' ready ({Heights}p, transcoded in {Seconds:0.0} s)")]
    public static partial void LadderTranscoded(this ILogger logger, string name, string heights, double seconds);

    [LoggerMessage(EventId = 3029, Level = LogLevel.Information, Message = "preparing video '{Name}' ({Heights}p): {Percent}%")]
    public static partial void PreparingProgress(this ILogger logger, string name, string heights, int percent);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Warning, Message = "video '{Name}' {Heights}p is unavailable: {Reason}")]
    public static partial void RenditionsUnavailable(this ILogger logger, string name, string heights, string reason);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Warning, Message = "'{File}' is named {Named}p but is {Width}x{Height}; it is listed and served by its real height")]
    public static partial void Mislabelled(this ILogger logger, string file, int named, int width, int height);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Information, Message = "the videos folder {Directory} is empty; generating a sample video")]
    public static partial void GeneratingSample(this ILogger logger, string directory);

    [LoggerMessage(EventId = 3033, Level = LogLevel.Information, Message = "generating sample video: {Percent}%")]
    public static partial void SampleProgress(this ILogger logger, int percent);

    [LoggerMessage(EventId = 3034, Level = LogLevel.Information, Message = "generated sample video '{Name}' in {Directory} ({Seconds:0.0} s)")]
    public static partial void SampleGenerated(this ILogger logger, string name, string directory, double seconds);

    [LoggerMessage(EventId = 3035, Level = LogLevel.Warning, Message = "could not generate a sample video: {Reason}")]
    public static partial void SampleFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 3036, Level = LogLevel.Error, Message = "scanning the videos folder {Directory} failed")]
    public static partial void ScanFailed(this ILogger logger, Exception exception, string directory);

    [LoggerMessage(EventId = 3037, Level = LogLevel.Error, Message = "preparing video '{Name}' failed")]
    public static partial void PreparingFailed(this ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 3038, Level = LogLevel.Warning, Message = "cannot list the videos folder {Directory}: {Reason}")]
    public static partial void CannotList(this ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 3039, Level = LogLevel.Warning, Message = "ignoring '{File}': a video name is 1-100 of A-Z a-z 0-9 . _ - (no leading '.', no '..')")]
    public static partial void IgnoringBadName(this ILogger logger, string file);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Warning, Message = "ignoring '{File}': '{Other}' is already the {Height}p rendition")]
    public static partial void IgnoringDuplicateRendition(this ILogger logger, string file, string other, int height);

    [LoggerMessage(EventId = 3041, Level = LogLevel.Warning, Message = "ignoring '{Name}.mp4': renditions named {Name}_<height>.mp4 exist")]
    public static partial void IgnoringLoneFile(this ILogger logger, string name);

    [LoggerMessage(EventId = 3042, Level = LogLevel.Information, Message = "video '{Name}' removed")]
    public static partial void VideoRemoved(this ILogger logger, string name);

    [LoggerMessage(EventId = 3043, Level = LogLevel.Error, Message = "a video library Changed handler failed")]
    public static partial void ChangedHandlerFailed(this ILogger logger, Exception exception);
}
