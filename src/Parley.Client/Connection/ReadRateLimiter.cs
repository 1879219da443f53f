namespace Parley.Client.Connection;

/// <summary>
/// A token bucket of bytes (like curl's --limit-rate): tokens accrue at the rate, up to a tenth of a
/// second's worth, and each read may take only what has accrued. Used by one reader at a time.
/// </summary>
internal sealed class ReadRateLimiter
{
    private const int SmallestGrant = 4096;

    private readonly double _bytesPerSecond;
    private readonly double _capacity;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _lastRefill;

    public ReadRateLimiter(long bytesPerSecond, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        _bytesPerSecond = bytesPerSecond;
        _capacity = Math.Max(SmallestGrant, bytesPerSecond / 10.0);
        _time = time ?? TimeProvider.System;
        _lastRefill = _time.GetTimestamp();
        _tokens = 0;
    }

    /// <summary>Waits until some bytes may be read; returns how many (1..<paramref name="wanted"/>).</summary>
    public async ValueTask<int> TakeAsync(int wanted, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(wanted, 1);
        var needed = Math.Min(wanted, Math.Min(SmallestGrant, (int)_capacity));
        while (true)
        {
            Refill();
            if (_tokens >= needed)
            {
                var granted = (int)Math.Min(wanted, Math.Floor(_tokens));
                _tokens -= granted;
                return granted;
            }

            // At least a millisecond: a shortfall of a rounding error must not become a zero delay and a busy loop.
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.001, (needed - _tokens) / _bytesPerSecond)), _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Gives back what was granted but not read.</summary>
    public void Return(int unused) => _tokens = Math.Min(_capacity, _tokens + Math.Max(0, unused));

    private void Refill()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + (_time.GetElapsedTime(_lastRefill, now).TotalSeconds * _bytesPerSecond));
        _lastRefill = now;
    }
}
