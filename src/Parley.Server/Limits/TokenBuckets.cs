using System.Threading.RateLimiting;

namespace Parley.Server.Limits;

/// <summary>Token-bucket settings for "so many per window": a bucket as large as the count, refilled evenly over the window.</summary>
internal static class TokenBuckets
{
    // The partitioned limiter replenishes its partitions every 100 ms; a shorter period would not be honoured.
    private static readonly TimeSpan s_shortestPeriod = TimeSpan.FromMilliseconds(100);

    /// <param name="autoReplenishment">False when something else calls TryReplenish (the partitioned limiter, the connection sweep).</param>
    public static TokenBucketRateLimiterOptions PerWindow(int count, int burst, TimeSpan window, bool autoReplenishment)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var period = window / count;
        var tokensPerPeriod = 1;
        if (period < s_shortestPeriod)
        {
            tokensPerPeriod = (int)Math.Ceiling(count * (s_shortestPeriod / window));
            period = window * tokensPerPeriod / count;
        }

        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = autoReplenishment,
        };
    }

    /// <summary>When a failed lease says to try again, else one replenishment period.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease, TimeSpan fallback) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : fallback;
}
