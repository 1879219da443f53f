using Microsoft.Extensions.Logging;
using Parley.Media.Videos;

namespace Parley.Media.Library;

/// <summary>
/// Reads the videos folder: which videos it holds and from which files. Warns once about each
/// .mp4 it ignores.
/// </summary>
internal sealed class VideosFolder(string directory, ILogger logger)
{
    private readonly HashSet<string> _reportedIgnored = new(StringComparer.Ordinal);

    public string FullPath { get; } = directory;

    /// <summary>The videos in the folder, in listing order; null when the folder cannot be listed.</summary>
    public IReadOnlyList<VideoSources>? List()
    {
        List<FileInfo> files;
        try
        {
            files = new DirectoryInfo(FullPath).EnumerateFiles("*", SearchOption.TopDirectoryOnly).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.CannotList(FullPath, e.Message);
            return null;
        }

        var found = new List<(string Name, int? Height, SourceFile File)>();
        foreach (var file in files)
        {
            if (VideoFileName.TryParse(file.Name, out var name, out var height))
            {
                found.Add((name, height, SourceFile.Of(file)));
            }
            else if (file.Name.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) && !file.Name.StartsWith('.') && _reportedIgnored.Add(file.Name))
            {
                logger.IgnoringBadName(file.Name);
            }
        }

        var videos = new List<VideoSources>();
        foreach (var group in found.GroupBy(file => file.Name, StringComparer.Ordinal))
        {
            var renditions = new Dictionary<int, SourceFile>();
            foreach (var (_, height, file) in group.Where(file => file.Height is not null))
            {
                if (!renditions.TryAdd(height!.Value, file) && _reportedIgnored.Add(file.FileName))
                {
                    logger.IgnoringDuplicateRendition(file.FileName, renditions[height.Value].FileName, height.Value);
                }
            }

            var lone = renditions.Count == 0 ? group.First().File : null;
            if (renditions.Count > 0 && group.Any(file => file.Height is null) && _reportedIgnored.Add(group.Key + ".mp4"))
            {
                logger.IgnoringLoneFile(group.Key);
            }

            videos.Add(new VideoSources(group.Key, renditions, lone));
        }

        return videos;
    }

    /// <summary>Any .mp4 at all, even one ignored for its name: then the folder is the user's, not empty.</summary>
    public bool HasAnyMp4()
    {
        try
        {
            return Directory.EnumerateFiles(
                FullPath, "*.mp4", new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive }).Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
