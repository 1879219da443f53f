using System.Diagnostics;
using Parley.Bench.Measurement;

namespace Parley.Bench.Relay;

/// <summary>
/// Flow control and latency bookkeeping for one sender/receiver pair. A sender may have at most
/// <c>window</c> messages unfinished; a message is finished when it was delivered and (for Parley)
/// its answer arrived (a SendResult, or a SendAcks covering it). Delivery is first-in first-out on one path, so the k-th delivery is the
/// k-th message sent: its send time sits in a ring of window-or-more slots, never overwritten
/// before the message is finished.
/// </summary>
internal sealed class PairFlow : IDisposable
{
    private readonly long[] _sentAt;
    private readonly int _mask;
    private readonly SemaphoreSlim _credits;
    private readonly bool _needsAcknowledgement;
    private long _sent;
    private long _delivered;
    private long _acknowledged;
    private long _failed;
    private long _released;

    public PairFlow(int window, bool needsAcknowledgement)
    {
        var slots = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)window);
        _sentAt = new long[slots];
        _mask = slots - 1;
        _credits = new SemaphoreSlim(window, window);
        _needsAcknowledgement = needsAcknowledgement;
    }

    /// <summary>Set while the measurement window is open; latencies are recorded only then.</summary>
    public static bool Measuring { get; set; }

    /// <summary>Written only by the receiving loop.</summary>
    public LatencyHistogram Latency { get; } = new();

    public long Sent => Volatile.Read(ref _sent);

    public long Delivered => Volatile.Read(ref _delivered);

    /// <summary>Sends the server refused (Parley: a SendResult other than OK).</summary>
    public long Failed => Volatile.Read(ref _failed);

    /// <summary>Deliveries that did not carry the sequence number they should have (NATS payloads carry one).</summary>
    public long OutOfOrder { get; set; }

    public bool AllFinished => Volatile.Read(ref _released) == Sent;

    public bool TryTakeCredit() => _credits.Wait(0);

    public Task WaitForCreditAsync(CancellationToken ct) => _credits.WaitAsync(ct);

    /// <summary>Stamps message number <paramref name="sequence"/> as sent now; call just before writing it.</summary>
    public void StampSent(long sequence)
    {
        _sentAt[sequence & _mask] = Stopwatch.GetTimestamp();
        Volatile.Write(ref _sent, sequence + 1);
    }

    /// <summary>The receiver got <paramref name="count"/> more messages, all read off the socket at <paramref name="receivedAt"/>.</summary>
    public void OnDelivered(int count, long receivedAt)
    {
        if (count == 0)
        {
            return;
        }

        var first = _delivered;
        if (Measuring)
        {
            for (var k = first; k < first + count; k++)
            {
                Latency.Record(receivedAt - _sentAt[k & _mask]);
            }
        }

        Volatile.Write(ref _delivered, first + count);
        Release();
    }

    /// <summary>The sender's answers so far (<see cref="Wire.SendAnswers"/>): <paramref name="answered"/> sends, <paramref name="failed"/> of them refused.</summary>
    public void OnAnswered(long answered, long failed)
    {
        Volatile.Write(ref _failed, failed);
        Volatile.Write(ref _acknowledged, answered);
        Release();
    }

    public void Dispose() => _credits.Dispose();

    private void Release()
    {
        var delivered = Volatile.Read(ref _delivered) + Volatile.Read(ref _failed);
        var finished = _needsAcknowledgement ? Math.Min(delivered, Volatile.Read(ref _acknowledged)) : delivered;
        while (true)
        {
            var released = Volatile.Read(ref _released);
            if (finished <= released)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _released, finished, released) == released)
            {
                _credits.Release((int)(finished - released));
                return;
            }
        }
    }
}
