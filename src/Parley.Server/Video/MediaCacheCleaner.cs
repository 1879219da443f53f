using Microsoft.Extensions.Logging;

namespace Parley.Server.Video;

/// <summary>Removes from the media cache what the library no longer needs: staging directories left by a crash.</summary>
internal sealed class MediaCacheCleaner(MediaCachePaths paths, ILogger logger)
{
    /// <summary>Staging directories survive only a crash; their packaging never finished.</summary>
    public void DeleteLeftoverStaging()
    {
        List<string> leftovers;
        try
        {
            leftovers = Directory.EnumerateDirectories(paths.Root).Prepend(paths.Root)
                .SelectMany(root => Directory.EnumerateDirectories(root, ".staging-*"))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("cannot look for leftovers in {Directory}: {Reason}", paths.Root, e.Message);
            return;
        }

        foreach (var staging in leftovers)
        {
            try
            {
                Directory.Delete(staging, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("cannot delete leftover {Directory}: {Reason}", staging, e.Message);
            }
        }
    }
}
