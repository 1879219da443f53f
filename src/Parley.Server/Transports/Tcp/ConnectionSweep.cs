using System.Collections.Concurrent;
using Parley.Protocol.Messages;
using Parley.Server.Limits;
using Parley.Server.Sessions;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// One timer for every connection's deadlines, so the read path only writes two timestamps: a logged-in
/// connection whose started frame is not whole within <see cref="ParleyServerOptions.FrameTimeout"/> gets
/// FRAME_TIMEOUT, one that sent nothing for <see cref="ParleyServerOptions.IdleTimeout"/> gets IDLE_TIMEOUT
/// (before login, the login timeout covers both). Each pass also refills the connections' request buckets, and
/// ends the connections whose writer waited past the write deadline (<see cref="OutboundQueues.SweepWriteDeadlines"/>):
/// the sessions layer keeps that bookkeeping, this timer only drives it, so the server runs one sweep clock.
/// </summary>
internal sealed class ConnectionSweep : IDisposable
{
    private readonly ConcurrentDictionary<ClientSession, byte> _sessions = new();
    private readonly long _frameTimeoutMs;
    private readonly long _idleTimeoutMs;
    private readonly string _frameTimeoutText;
    private readonly string _idleTimeoutText;
    private readonly OutboundQueues _queues;
    private readonly Timer _timer;

    public ConnectionSweep(ParleyServerOptions options, OutboundQueues queues)
    {
        _queues = queues;
        _frameTimeoutMs = (long)options.FrameTimeout.TotalMilliseconds;
        _idleTimeoutMs = (long)options.IdleTimeout.TotalMilliseconds;
        _frameTimeoutText = $"a frame was started but not finished within {options.FrameTimeout.TotalSeconds:0.###} s";
        _idleTimeoutText = $"nothing received for {options.IdleTimeout.TotalSeconds:0.###} s (a client pings every {options.HeartbeatInterval.TotalSeconds:0.###} s)";

        var period = OutboundQueues.SweepPeriodFor(options.FrameTimeout < options.IdleTimeout ? options.FrameTimeout : options.IdleTimeout);
        if (queues.SweepPeriod != Timeout.InfiniteTimeSpan && queues.SweepPeriod < period)
        {
            period = queues.SweepPeriod;
        }

        _timer = new Timer(static state => ((ConnectionSweep)state!).Sweep(), this, period, period);
    }

    public void Track(ClientSession session) => _sessions.TryAdd(session, 0);

    public void Untrack(ClientSession session) => _sessions.TryRemove(session, out _);

    public void Dispose() => _timer.Dispose();

    private void Sweep()
    {
        _queues.SweepWriteDeadlines();
        var now = Environment.TickCount64;
        foreach (var session in _sessions.Keys)
        {
            if (session.Admission is not { } admission || session.IsClosing)
            {
                continue;
            }

            admission.Replenish();
            if (session.State != SessionState.LoggedIn)
            {
                continue;
            }

            var frameStarted = Volatile.Read(ref admission.FrameStartedMs);
            if (frameStarted != 0 && now - frameStarted > _frameTimeoutMs)
            {
                session.Fail(new Refusal(ErrorCode.FrameTimeout, _frameTimeoutText, TimeSpan.Zero));
            }
            else if (now - Volatile.Read(ref admission.LastReceivedMs) > _idleTimeoutMs)
            {
                session.Fail(new Refusal(ErrorCode.IdleTimeout, _idleTimeoutText, TimeSpan.Zero));
            }
        }
    }
}
