using Microsoft.Extensions.Logging;
using Parley.Media.Packaging;
using Parley.Media.Videos;

namespace Parley.Media.Cache;

/// <summary>
/// Removes from the media cache what the library no longer needs: staging directories left by a
/// crash, and packaged renditions whose source file has left the videos folder.
/// </summary>
/// <remarks>
/// Only what the library made is deleted: a &lt;root&gt;/&lt;NAME&gt;/&lt;height&gt; directory that holds a
/// manifest.json it wrote and nothing but the files that manifest names, and then that NAME's
/// directory once empty. Symbolic links are never followed or deleted, and anything else in the
/// cache, or outside it, is left alone.
/// A rendition whose source is still in the folder is never pruned, so streams of it are
/// unaffected; a transcoded rung counts only while NAME.mp4 is still the file it was made from. One whose source is gone has already left the catalog when it is pruned: new
/// requests for it fail, a segment read already under way completes from its open file, and a
/// stream of it ends with the error its next request gets.
/// </remarks>
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
            logger.LeftoverSearchFailed(paths.Root, e.Message);
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
                logger.LeftoverDeleteFailed(staging, e.Message);
            }
        }
    }

    /// <summary>Deletes the packaged renditions no file in <paramref name="videos"/> (the whole videos folder) is the source of.</summary>
    public void PruneOrphans(IReadOnlyList<VideoSources> videos)
    {
        var sources = videos.ToDictionary(video => video.Name, StringComparer.Ordinal);
        foreach (var videoDirectory in RealSubdirectories(paths.Root))
        {
            // Staging directories and whatever else does not bear a video's name are not ours.
            if (!VideoNames.IsValid(videoDirectory.Name))
            {
                continue;
            }

            var source = sources.GetValueOrDefault(videoDirectory.Name);
            var pruned = 0;
            foreach (var renditionDirectory in RealSubdirectories(videoDirectory.FullName))
            {
                if (MediaCachePaths.TryParseHeight(renditionDirectory.Name, out var height)
                    && source?.Renditions.ContainsKey(height) != true
                    && OwnManifest(renditionDirectory) is { } manifest
                    && !IsLadderOf(source?.Lone, height, manifest)
                    && TryDelete(renditionDirectory, manifest))
                {
                    logger.RenditionPruned(videoDirectory.Name, height, manifest.SourceFile, renditionDirectory.FullName);
                    pruned++;
                }
            }

            if (pruned > 0 && source is null)
            {
                DeleteIfEmpty(videoDirectory);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="manifest"/> is a rung of the ladder made from the current lone source: one
    /// made from an earlier NAME.mp4, or at a height the ladder no longer has, is an orphan even while
    /// NAME.mp4 exists. A ladder being made for the current source is still in a staging directory,
    /// which this never looks at; the one it replaces is an earlier source's, so pruning it first is harmless.
    /// </summary>
    private static bool IsLadderOf(SourceFile? lone, int height, RenditionManifest manifest) =>
        lone is not null
        && manifest.Matches(lone, RenditionManifest.LadderKind)
        && manifest.Info.Height == height
        && RenditionLadder.IsRung(height);

    private List<DirectoryInfo> RealSubdirectories(string directory)
    {
        try
        {
            return new DirectoryInfo(directory).EnumerateDirectories()
                .Where(entry => !entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.StaleSearchFailed(directory, e.Message);
            return [];
        }
    }

    /// <summary>The manifest the library wrote into <paramref name="directory"/>, or null when it holds none.</summary>
    private static RenditionManifest? OwnManifest(DirectoryInfo directory)
    {
        var file = new FileInfo(Path.Combine(directory.FullName, RenditionManifest.FileName));
        return file.Exists && !file.Attributes.HasFlag(FileAttributes.ReparsePoint) ? RenditionManifest.TryLoad(directory.FullName) : null;
    }

    /// <summary>Deletes the files the manifest names, the manifest last, then the directory; nothing when it holds anything else.</summary>
    private bool TryDelete(DirectoryInfo directory, RenditionManifest manifest)
    {
        var ours = manifest.Segments.Select(segment => segment.FileName)
            .Append(HlsPlaylist.FileName)
            .Append(RenditionManifest.FileName)
            .ToHashSet(StringComparer.Ordinal);
        try
        {
            var entries = directory.GetFileSystemInfos();
            var foreign = entries
                .Where(entry => entry is not FileInfo || entry.Attributes.HasFlag(FileAttributes.ReparsePoint) || !ours.Contains(entry.Name))
                .Select(entry => entry.Name)
                .ToList();
            if (foreign.Count > 0)
            {
                logger.PruneRefusedForeignFiles(directory.FullName, string.Join(", ", foreign));
                return false;
            }

            // With the manifest deleted last, an interrupted prune is finished by the next one.
            foreach (var entry in entries.OrderBy(entry => entry.Name == RenditionManifest.FileName))
            {
                entry.Delete();
            }

            directory.Delete(recursive: false);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.PruneFailed(directory.FullName, e.Message);
            return false;
        }
    }

    private static void DeleteIfEmpty(DirectoryInfo directory)
    {
        try
        {
            if (!directory.EnumerateFileSystemInfos().Any())
            {
                directory.Delete(recursive: false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Something appeared in it meanwhile (a cancelled job's staging): it stays.
        }
    }
}
