namespace Parley.Client.Video;

/// <summary>
/// Throughput-based rendition choice: an exponentially weighted moving average of each segment's
/// download rate; the target is the highest rendition whose bitrate is at most
/// <see cref="SafetyFactor"/> of it. It climbs one rendition per segment and drops straight to
/// the target when throughput falls.
/// </summary>
internal sealed class AdaptiveQuality
{
    public const double SafetyFactor = 0.7;
    public const double Smoothing = 0.5;

    private readonly IReadOnlyList<long> _bitrates;

    /// <param name="bitratesAscending">Bits per second of each rendition, lowest first.</param>
    public AdaptiveQuality(IReadOnlyList<long> bitratesAscending)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bitratesAscending.Count);
        _bitrates = bitratesAscending;
    }

    /// <summary>Index of the rendition for the next segment; starts at the lowest.</summary>
    public int Current { get; private set; }

    /// <summary>The smoothed throughput in bits per second; 0 before the first sample.</summary>
    public double Throughput { get; private set; }

    public void Observe(long bytes, TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 0.0005);
        var sample = bytes * 8 / seconds;
        Throughput = Throughput == 0 ? sample : (Smoothing * sample) + ((1 - Smoothing) * Throughput);
        var target = 0;
        for (var i = _bitrates.Count - 1; i > 0; i--)
        {
            if (_bitrates[i] <= SafetyFactor * Throughput)
            {
                target = i;
                break;
            }
        }

        Current = target > Current ? Current + 1 : target;
    }
}
