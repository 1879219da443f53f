using System.Threading.RateLimiting;

namespace Parley.Client.Messaging;

/// <summary>
/// Bounds the unauthenticated lost-session notices (docs/security.md): at most one sent back per sender key per
/// <see cref="ParleyClientOptions.NoticeInterval"/>, so a server replaying or forging messages of unknown sessions cannot
/// make this client answer each one; and at most one session reset by a received notice per sender key per
/// <see cref="ParleyClientOptions.NoticeResetInterval"/>, so forged notices cannot restart a session again and again.
/// A zero interval lifts that bound. Idle per-key limiters are dropped by the partitioned limiter.
/// </summary>
internal sealed class NoticeLimits(TimeSpan noticeInterval, TimeSpan resetInterval) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _notices = PerKey(noticeInterval);
    private readonly PartitionedRateLimiter<string> _resets = PerKey(resetInterval);

    /// <summary>Takes the sender key's notice for this interval, if it is still there.</summary>
    public bool MaySendNotice(string senderKeyId) => Take(_notices, senderKeyId);

    /// <summary>Whether a notice from the sender key may still reset a session in this interval (nothing is taken).</summary>
    public bool MayReset(string senderKeyId) => _resets.GetStatistics(senderKeyId) is not { CurrentAvailablePermits: <= 0 };

    /// <summary>A notice reset a session with the sender key: the next may only after the interval.</summary>
    public void Reset(string senderKeyId) => Take(_resets, senderKeyId);

    public void Dispose()
    {
        _notices.Dispose();
        _resets.Dispose();
    }

    private static bool Take(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    private static PartitionedRateLimiter<string> PerKey(TimeSpan interval) => PartitionedRateLimiter.Create<string, string>(key =>
        interval <= TimeSpan.Zero
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = 1,
                Window = interval,
                QueueLimit = 0,
                AutoReplenishment = false, // the partitioned limiter's own timer replenishes
            }),
        StringComparer.Ordinal);
}
