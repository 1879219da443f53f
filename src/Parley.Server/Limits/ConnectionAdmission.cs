using System.Net;
using System.Threading.RateLimiting;
using Parley.Protocol.Messages;

namespace Parley.Server.Limits;

/// <summary>
/// What one connection holds of the server's limits: its place in the connection counts (given back once by
/// <see cref="AdmissionLimits.Release"/>), its request bucket, and when it last sent anything.
/// </summary>
internal sealed class ConnectionAdmission
{
    private readonly int _requestsPerSecond;
    private TokenBucketRateLimiter? _requests;
    private int _refusedInARow;
    private long _lastRefusalMs;

    public ConnectionAdmission(IPAddress? limitedAddress, int requestsPerSecond)
    {
        LimitedAddress = limitedAddress;
        _requestsPerSecond = requestsPerSecond;
        LastReceivedMs = Environment.TickCount64;
    }

    /// <summary>The address (IPv6: its /64) the per-address limits count this connection under; null when they do not apply.</summary>
    public IPAddress? LimitedAddress { get; }

    /// <summary>The name's uniqueness key this connection counts under, once logged in.</summary>
    public string? NameKey { get; set; }

    /// <summary>Set once by <see cref="AdmissionLimits.Release"/>.</summary>
    public int Released;

    /// <summary><see cref="Environment.TickCount64"/> when bytes last arrived; written by the read loop only.</summary>
    public long LastReceivedMs;

    /// <summary><see cref="Environment.TickCount64"/> when the unfinished frame at the head of the input began; 0 when there is none.</summary>
    public long FrameStartedMs;

    /// <summary>
    /// Takes one request (a send, lookup or segment fetch) from the connection's bucket. Null when it may go
    /// on; else RATE_LIMITED, non-fatal at first, fatal once more requests than a whole burst were refused
    /// with no pause of a second between them.
    /// </summary>
    public Refusal? TryTakeRequest()
    {
        if (_requestsPerSecond == 0)
        {
            return null;
        }

        _requests ??= new TokenBucketRateLimiter(
            TokenBuckets.PerWindow(_requestsPerSecond, BurstOf(_requestsPerSecond), TimeSpan.FromSeconds(1), autoReplenishment: false));
        using var lease = _requests.AttemptAcquire();
        var now = Environment.TickCount64;
        if (lease.IsAcquired)
        {
            if (_refusedInARow > 0 && now - _lastRefusalMs > 1000)
            {
                _refusedInARow = 0;
            }

            return null;
        }

        _lastRefusalMs = now;
        var fatal = ++_refusedInARow > BurstOf(_requestsPerSecond);
        var retryAfter = TokenBuckets.RetryAfter(lease, TimeSpan.FromSeconds(1.0 / _requestsPerSecond));
        return fatal
            ? new Refusal(
                ErrorCode.RateLimited,
                $"more than {_requestsPerSecond} requests a second, and still more after {_refusedInARow - 1} were refused: the connection is closed",
                TimeSpan.FromSeconds(1))
            : new Refusal(ErrorCode.RateLimited, $"more than {_requestsPerSecond} requests a second; slow down", retryAfter, Fatal: false);
    }

    /// <summary>Refills the request bucket for the time since the last refill; called by the connection sweep.</summary>
    public void Replenish() => _requests?.TryReplenish();

    /// <summary>A connection may send two seconds' worth of requests at once.</summary>
    public static int BurstOf(int requestsPerSecond) => (int)Math.Min(int.MaxValue, 2L * requestsPerSecond);

    public void DisposeRequests() => _requests?.Dispose();
}
