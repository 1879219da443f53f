using System.Diagnostics.CodeAnalysis;
using Parley.Media.Videos;

namespace Parley.Media.Library;

/// <summary>
/// The server's video library: the videos found in <see cref="MediaOptions.VideosDirectory"/>,
/// each probed and packaged once into HLS segments under <see cref="MediaOptions.MediaCacheDirectory"/>.
/// Thread-safe; loads in the background, so right after start videos may still be <see cref="VideoState.Preparing"/>.
/// </summary>
public interface IVideoLibrary
{
    /// <summary>Every video known, sorted by name (ordinal).</summary>
    IReadOnlyList<VideoEntry> List();

    /// <summary>Looks up one video by name; false for unknown or invalid names (see <see cref="VideoNames.IsValid"/>).</summary>
    bool TryGetVideo(string name, [NotNullWhen(true)] out VideoEntry? video);

    /// <summary>
    /// The packaged HLS files of one rendition; true only when that rendition is <see cref="VideoState.Ready"/>
    /// (its index.m3u8 and every segment exist on disk).
    /// </summary>
    bool TryGetRendition(string name, int height, [NotNullWhen(true)] out PackagedRendition? rendition);

    /// <summary>Raised (on a background thread) whenever the list or a video's state or progress changes.</summary>
    event Action? Changed;

    /// <summary>Completes when no scan, probe, packaging or transcode work is pending or running.</summary>
    Task WhenIdle(CancellationToken ct);

    /// <summary>
    /// True once the library knows what it holds since it started: its first scan has listed the videos folder and
    /// every video found has been checked against the media cache (what was packaged before is ready again,
    /// the rest is <see cref="VideoState.Preparing"/>). Before that, a name it does not know may not be scanned yet.
    /// </summary>
    bool IsLoaded { get; }

    /// <summary>Completes when <see cref="IsLoaded"/> turns true (or the library stops).</summary>
    Task WhenLoaded(CancellationToken ct);
}
