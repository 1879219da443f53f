using System.Net;
using Parley.Protocol.Messages;
using Parley.Server.Sessions;

namespace Parley.Server.Tests;

/// <summary>SLOW_CONSUMER is counted in the metrics once, by whichever call really ended the connection.</summary>
public sealed class SlowConsumerCountTests
{
    [Fact]
    public void A_writer_past_the_deadline_on_a_connection_that_had_already_ended_is_not_counted_as_a_slow_consumer()
    {
        using var meter = new ServerMeter();
        var clock = new SteppedClock();
        var queues = new OutboundQueues(
            new ParleyServerOptions { WriteDeadline = TimeSpan.FromSeconds(20) }, meter.CreateMetrics(), clock);
        var ended = new ClientSession(new UnusedConnection(), queues.CreateOutbox());
        var live = new ClientSession(new UnusedConnection(), queues.CreateOutbox());

        // Both writers wait on a peer that takes nothing; one connection had already ended for another reason first.
        Assert.True(ended.Fail(ErrorCode.IdleTimeout, "nothing received"));
        queues.WriteBlocked(ended.Outbox);
        queues.WriteBlocked(live.Outbox);

        clock.Advance(TimeSpan.FromSeconds(21));
        queues.SweepWriteDeadlines();

        Assert.True(live.IsClosing);
        Assert.Equal(1, meter.Total("refusals code=SLOW_CONSUMER"));
        Assert.False(live.FailAsSlowConsumer("again"));
        Assert.Equal(1, meter.Total("refusals code=SLOW_CONSUMER"));
    }

    [Fact]
    public void Fail_says_whether_this_call_ended_the_connection()
    {
        var session = new ClientSession(new UnusedConnection(), OutboundQueues.Unbounded.CreateOutbox());

        Assert.True(session.Fail(ErrorCode.FrameTimeout, "first"));
        Assert.False(session.Fail(ErrorCode.IdleTimeout, "second"));
    }

    /// <summary>Timestamps that move only when the test says; timers still run on the real clock.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _now = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Volatile.Read(ref _now);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _now, by.Ticks);
    }

    private sealed class UnusedConnection : ISessionConnection
    {
        public string ConnectionId => "test";

        public EndPoint? LocalEndPoint => null;

        public ReadOnlyMemory<byte> ChannelBinding => ReadOnlyMemory<byte>.Empty;

        public string? RequestedHostName => null;

        public EndPoint? RemoteEndPoint => null;

        public CancellationToken ConnectionClosed => CancellationToken.None;

        public void StopReading()
        {
        }

        public void AbandonPendingWrite()
        {
        }
    }
}
