namespace Parley.Client;

/// <summary>Reported after each segment.</summary>
/// <param name="PositionSeconds">Media time written so far (end of the last segment written).</param>
/// <param name="Height">Rendition of the last segment.</param>
/// <param name="ThroughputBps">Smoothed (EWMA) download throughput, bits per second.</param>
/// <param name="BufferSeconds">
/// Media time downloaded ahead of a player that began playing at the first byte: position minus
/// start minus wall-clock time elapsed; negative means such a player would have stalled.
/// </param>
public sealed record PlaybackProgress(
    double PositionSeconds,
    double DurationSeconds,
    int Height,
    double ThroughputBps,
    double BufferSeconds,
    int SegmentIndex,
    int SegmentCount);
