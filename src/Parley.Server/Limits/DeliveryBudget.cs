namespace Parley.Server.Limits;

/// <summary>
/// One connection's budget for the delivery work its sends cause: bytes per second, refilled up to a burst and
/// charged after each routed send with the bytes queued for all the recipient's connections (frame size × copies).
/// Pay-after: the balance may go below zero, so one send of any size goes through; the connection's read loop then
/// reads nothing more until the debt is paid (<see cref="TimeUntilPaid"/>). The budget depends only on what the
/// sender asked for, never on how fast recipients read. Only the connection's own read loop touches it: no locks.
/// </summary>
internal sealed class DeliveryBudget
{
    private readonly double _bytesPerSecond;
    private readonly double _burstBytes;
    private readonly TimeProvider _time;
    private double _balance;
    private long _refilledAt;

    /// <param name="bytesPerSecond">The refill rate; above 0.</param>
    /// <param name="burstBytes">The most the balance holds, and what it starts with; above 0.</param>
    public DeliveryBudget(long bytesPerSecond, long burstBytes, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burstBytes, 1);
        _bytesPerSecond = bytesPerSecond;
        _burstBytes = burstBytes;
        _time = time;
        _balance = burstBytes;
        _refilledAt = time.GetTimestamp();
    }

    /// <summary>The bytes the connection may still cause now: negative while it owes.</summary>
    public double Balance
    {
        get
        {
            Refill();
            return _balance;
        }
    }

    /// <summary>Charges the delivery work one send caused; never refused.</summary>
    public void Charge(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Refill();
        _balance -= bytes;
    }

    /// <summary>How long until the balance is back to zero; <see cref="TimeSpan.Zero"/> when less than a byte is owed.</summary>
    public TimeSpan TimeUntilPaid()
    {
        // Asked after every frame: with nothing owed at the last charge there is nothing to compute (a refill only adds).
        if (_balance > -1)
        {
            return TimeSpan.Zero;
        }

        Refill();
        return _balance > -1
            ? TimeSpan.Zero
            : TimeSpan.FromTicks((long)Math.Ceiling(-_balance / _bytesPerSecond * TimeSpan.TicksPerSecond));
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_refilledAt, now);
        _refilledAt = now;
        _balance = Math.Min(_burstBytes, _balance + (elapsed.TotalSeconds * _bytesPerSecond));
    }
}
