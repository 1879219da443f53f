namespace Parley.Media.Probing;

/// <summary>What ffprobe says about a media file's first video and first audio stream.</summary>
internal sealed record ProbeResult(
    TimeSpan Duration,
    long BitrateBps,
    int Width,
    int Height,
    double FrameRate,
    string VideoCodec,
    string? VideoProfile,
    int? VideoLevel,
    string? AudioCodec,
    string? AudioProfile);
