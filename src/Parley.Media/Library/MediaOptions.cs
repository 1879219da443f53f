namespace Parley.Media.Library;

/// <summary>Where the library finds videos and keeps packaged renditions, and which tools it runs.</summary>
internal sealed record MediaOptions
{
    /// <summary>The folder scanned for NAME.mp4 and NAME_&lt;height&gt;.mp4 files.</summary>
    public required string VideosDirectory { get; init; }

    /// <summary>Where packaged HLS renditions and generated renditions live.</summary>
    public required string MediaCacheDirectory { get; init; }

    /// <summary>When the videos folder is empty at start and ffmpeg works, write a short sample video into it.</summary>
    public bool GenerateSampleVideos { get; init; } = true;

    /// <summary>The ffmpeg executable: a bare name looked up on PATH, or a path.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>The ffprobe executable: a bare name looked up on PATH, or a path.</summary>
    public string FfprobePath { get; init; } = "ffprobe";
}
