using Microsoft.Extensions.Logging;

namespace Parley.Media.Cache;

/// <summary>The media cache's log events (event ids 3000-3019).</summary>
internal static partial class CacheLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "cannot look for leftovers in {Directory}: {Reason}")]
    public static partial void LeftoverSearchFailed(this ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "cannot delete leftover {Directory}: {Reason}")]
    public static partial void LeftoverDeleteFailed(this ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "pruned video '{Name}' {Height}p (made from {File}) from the media cache: it has no source in the videos folder any more ({Directory})")]
    public static partial void RenditionPruned(this ILogger logger, string name, int height, string file, string directory);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "cannot look for stale renditions in {Directory}: {Reason}")]
    public static partial void StaleSearchFailed(this ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "not pruning {Directory}, whose source is gone: it holds {Foreign}, which the server did not write")]
    public static partial void PruneRefusedForeignFiles(this ILogger logger, string directory, string foreign);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "cannot prune {Directory}: {Reason}")]
    public static partial void PruneFailed(this ILogger logger, string directory, string reason);
}
