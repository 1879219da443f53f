namespace Parley.Client;

/// <summary>What to play.</summary>
/// <param name="Video">The video name.</param>
public sealed record PlaybackRequest(string Video)
{
    public PlaybackQuality Quality { get; init; } = PlaybackQuality.Auto;

    /// <summary>The rendition height for <see cref="PlaybackQuality.Fixed"/>.</summary>
    public int? Height { get; init; }

    /// <summary>Playback starts with the segment that contains this time.</summary>
    public double StartSeconds { get; init; }
}
