using System.Diagnostics;

namespace Parley.Bench.Relay;

/// <summary>
/// Holds a sender to a fixed average rate: how many messages it may have sent by now. A sender that
/// fell behind (a late timer) catches up in a burst, so the offered load stays what was asked.
/// </summary>
internal sealed class Pacer(double messagesPerSecond)
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public bool Unlimited => messagesPerSecond <= 0;

    public long Allowed => Unlimited
        ? long.MaxValue
        : 1 + (long)(Stopwatch.GetElapsedTime(_start).TotalSeconds * messagesPerSecond);

    /// <summary>Waits until message number <paramref name="sequence"/> may be sent.</summary>
    public async ValueTask WaitForTurnAsync(long sequence, CancellationToken ct)
    {
        while (Allowed <= sequence)
        {
            await Task.Delay(1, ct);
        }
    }
}
