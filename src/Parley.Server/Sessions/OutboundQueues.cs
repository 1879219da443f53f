using System.Collections.Concurrent;
using Parley.Protocol.Messages;
using Parley.Server.Metrics;

namespace Parley.Server.Sessions;

/// <summary>
/// What every connection's <see cref="Outbox"/> shares: the server-wide budget of queued bytes (all frames waiting in
/// all outboxes, segment chunks included), and the write deadline. A connection whose writes take no bytes for
/// <see cref="ParleyServerOptions.WriteDeadline"/> while it has something to write is ended with SLOW_CONSUMER and
/// its queue let go. Only blocked writers are watched (no timer per connection or frame): the writer loop says when
/// a flush starts waiting on the peer and when it is done, and the transport's connection sweep calls
/// <see cref="SweepWriteDeadlines"/> on its own tick (one timer for every deadline), at least every <see cref="SweepPeriod"/>.
/// </summary>
internal sealed class OutboundQueues
{
    private readonly ConcurrentDictionary<Outbox, long> _blocked = new();
    private readonly ServerMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly bool _watchWrites;
    private long _queuedBytes;

    public OutboundQueues(ParleyServerOptions options, ServerMetrics metrics, TimeProvider time)
        : this(options.OutboundQueueCapacity, options.OutboundQueueBytes, options.OutboundQueueTotalBytes, options.WriteDeadline, metrics, time)
    {
    }

    private OutboundQueues(int capacity, int bytesPerConnection, long totalBytes, TimeSpan writeDeadline, ServerMetrics? metrics, TimeProvider time)
    {
        Capacity = capacity;
        BytesPerConnection = bytesPerConnection;
        TotalBytes = totalBytes;
        WriteDeadline = writeDeadline;
        _metrics = metrics;
        _time = time;
        _watchWrites = writeDeadline != Timeout.InfiniteTimeSpan;

        SweepPeriod = _watchWrites ? SweepPeriodFor(writeDeadline) : Timeout.InfiniteTimeSpan;

        metrics?.ObserveQueuedBytes(() => QueuedBytes);
    }

    /// <summary>For outboxes made apart from a server (unit tests): no total beyond their own, no deadline.</summary>
    public static OutboundQueues Unbounded { get; } =
        new(ParleyServerOptions.DefaultOutboundQueueCapacity, int.MaxValue, long.MaxValue, Timeout.InfiniteTimeSpan, null, TimeProvider.System);

    /// <summary>How often to look for connections past <paramref name="deadline"/>: so it is noticed at most a quarter of it late, and at most a second.</summary>
    public static TimeSpan SweepPeriodFor(TimeSpan deadline) =>
        TimeSpan.FromTicks(Math.Clamp(deadline.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(1).Ticks));

    public int Capacity { get; }

    public int BytesPerConnection { get; }

    public long TotalBytes { get; }

    public TimeSpan WriteDeadline { get; }

    /// <summary>How often <see cref="SweepWriteDeadlines"/> should run; infinite when there is no deadline.</summary>
    public TimeSpan SweepPeriod { get; }

    /// <summary>Bytes of frame bodies waiting in all outboxes now.</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    public Outbox CreateOutbox() => new(Capacity, BytesPerConnection, this);

    /// <summary>Counts <paramref name="bytes"/> as queued unless that would pass the total; false when it would.</summary>
    public bool TryReserve(int bytes)
    {
        if (Interlocked.Add(ref _queuedBytes, bytes) <= TotalBytes)
        {
            return true;
        }

        Interlocked.Add(ref _queuedBytes, -bytes);
        return false;
    }

    /// <summary>Counts a frame that must be queued whatever the total (an answer, an event, an error).</summary>
    public void Reserve(int bytes) => Interlocked.Add(ref _queuedBytes, bytes);

    public void Release(long bytes) => Interlocked.Add(ref _queuedBytes, -bytes);

    public void Dropped(string frameKind) => _metrics?.QueueDropped(frameKind);

    public void Relayed(long messages, long sealedBytes) => _metrics?.MessagesRelayed(messages, sealedBytes);

    /// <summary>Counts a refusal whose fatal error may never be written (the peer is not reading), so ServerMetrics.FrameSent would miss it.</summary>
    public void Refused(ErrorCode code) => _metrics?.Refused(code);

    /// <summary>The writer of <paramref name="outbox"/> waits for its peer to take bytes.</summary>
    public void WriteBlocked(Outbox outbox)
    {
        if (_watchWrites)
        {
            _blocked[outbox] = _time.GetTimestamp();
        }
    }

    /// <summary>The peer took bytes (or the connection ended): the writer of <paramref name="outbox"/> no longer waits.</summary>
    public void WriteResumed(Outbox outbox)
    {
        if (_watchWrites)
        {
            _blocked.TryRemove(outbox, out _);
        }
    }

    /// <summary>Ends, as slow consumers, the connections whose writer has waited on its peer past the write deadline.</summary>
    public void SweepWriteDeadlines()
    {
        foreach (var (outbox, since) in _blocked)
        {
            // Removed only if still the same wait: a writer that resumed and blocked again has a new start.
            if (_time.GetElapsedTime(since) < WriteDeadline || !_blocked.TryRemove(KeyValuePair.Create(outbox, since)))
            {
                continue;
            }

            outbox.Owner?.FailAsSlowConsumer($"the connection took no data for {WriteDeadline.TotalSeconds:0.###} s while frames waited for it");
        }
    }
}
