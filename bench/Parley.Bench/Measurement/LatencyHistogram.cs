using System.Diagnostics;

namespace Parley.Bench.Measurement;

/// <summary>
/// Latencies counted in 1 µs buckets up to 100 ms and 1 ms buckets up to 100 s (anything longer
/// counts as 100 s). Recording is allocation-free; one histogram per thread, merged at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int FineMicros = 100_000;
    private const int CoarseBuckets = 100_000;
    private readonly long[] _counts = new long[FineMicros + CoarseBuckets];

    public long Count { get; private set; }

    public void Record(long stopwatchTicks, int times = 1)
    {
        var micros = stopwatchTicks * 1_000_000 / Stopwatch.Frequency;
        var index = micros < FineMicros
            ? (int)Math.Max(0, micros)
            : FineMicros + (int)Math.Min(CoarseBuckets - 1, (micros - FineMicros) / 1000);
        _counts[index] += times;
        Count += times;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
    }

    /// <summary>The latency in µs below which <paramref name="percentile"/> percent of the samples fall.</summary>
    public double Percentile(double percentile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(Count * percentile / 100);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
            {
                return i < FineMicros ? i : FineMicros + ((i - FineMicros) * 1000.0);
            }
        }

        return double.PositiveInfinity;
    }
}
