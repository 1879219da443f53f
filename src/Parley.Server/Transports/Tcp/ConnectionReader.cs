using System.Buffers;
using System.IO.Pipelines;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server.Dispatch;
using Parley.Server.Limits;
using Parley.Server.Metrics;
using Parley.Server.Sessions;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// Reads one connection: the "PRLY" preamble, then frames. A partial frame stays in the pipe
/// (consumed up to the last whole frame, examined to the end) so waiting for the rest costs nothing.
/// The connection was admitted before TLS (<see cref="AdmissionBeforeTls"/>); its place is given back when reading ends;
/// before login a frame may be only <see cref="ParleyServerOptions.MaxLoginFrameBytes"/> long. The read
/// loop only stamps when bytes arrived and when an unfinished frame began: <see cref="ConnectionSweep"/>
/// enforces the deadlines. After a frame whose sends spent the connection's <see cref="DeliveryBudget"/>, the loop
/// waits until the budget is paid before it reads the next frame: backpressure on the sender alone.
/// The frames parsed from one read are one read turn: the session is told when it ends
/// (<see cref="ClientSession.EndReadTurn"/>: one SendAcks, one wake per outbox fed), and also before any wait
/// inside it, so nothing a turn queued waits for the next read.
/// </summary>
internal sealed class ConnectionReader(
    ParleyServerOptions options,
    FrameDispatcher dispatcher,
    AdmissionLimits limits,
    ConnectionSweep sweep,
    ServerMetrics metrics,
    TimeProvider time)
{
    // A hold is waited in steps of at most this, so a connection closed meanwhile stops reading soon after.
    private static readonly TimeSpan s_longestHoldStep = TimeSpan.FromMilliseconds(250);

    /// <summary>Returns when the peer is done or the session is closing; gives <paramref name="admission"/> back then.</summary>
    /// <exception cref="ProtocolViolationException">The peer broke the protocol; fatal.</exception>
    public async Task RunAsync(ClientSession session, ConnectionAdmission admission, PipeReader input)
    {
        session.Admission = admission;
        sweep.Track(session);
        try
        {
            await ReadFramesAsync(session, admission, input);
        }
        finally
        {
            sweep.Untrack(session);
            limits.Release(admission);
        }
    }

    private async Task ReadFramesAsync(ClientSession session, ConnectionAdmission admission, PipeReader input)
    {
        var preambleSeen = false;
        while (true)
        {
            var result = await input.ReadAsync();
            var now = Environment.TickCount64;
            admission.LastReceivedMs = now;
            var buffer = result.Buffer;
            var keepReading = true;
            var framesRead = false;
            try
            {
                if (result.IsCanceled || session.IsClosing)
                {
                    return;
                }

                if (!preambleSeen)
                {
                    preambleSeen = TryReadPreamble(ref buffer);
                }

                while (preambleSeen && keepReading && !session.IsClosing
                    && TryReadFrame(session, ref buffer, out var body))
                {
                    framesRead = true;
                    var dispatched = dispatcher.Dispatch(session, body);
                    if (!dispatched.IsCompleted)
                    {
                        session.EndReadTurn();
                    }

                    keepReading = await dispatched;
                    if (keepReading && session.DeliveryBudget is { } budget && budget.TimeUntilPaid() > TimeSpan.Zero)
                    {
                        session.EndReadTurn();
                        await HoldBackAsync(session, budget, admission);
                        now = Environment.TickCount64;
                    }
                }

                // A frame begins where the last whole one ended: its deadline runs from the read that brought its first bytes.
                if (buffer.IsEmpty)
                {
                    admission.FrameStartedMs = 0;
                }
                else if (framesRead || admission.FrameStartedMs == 0)
                {
                    Volatile.Write(ref admission.FrameStartedMs, now);
                }

                if (!keepReading)
                {
                    return;
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new ProtocolViolationException(
                            preambleSeen ? ErrorCode.MalformedFrame : ErrorCode.BadPreamble,
                            preambleSeen ? "the connection ended in the middle of a frame" : "the connection ended in the middle of the preamble");
                    }

                    return;
                }
            }
            finally
            {
                // Also when the peer broke the protocol: what its earlier sends delivered is acknowledged before the error.
                session.EndReadTurn();
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    /// <summary>
    /// Waits until the connection's sends are paid for. The time held is the server's, not the client's: the frame that
    /// was started is whole (it was just read), and the connection counts as heard from until the wait ends.
    /// </summary>
    private async Task HoldBackAsync(ClientSession session, DeliveryBudget budget, ConnectionAdmission admission)
    {
        var started = time.GetTimestamp();
        Volatile.Write(ref admission.FrameStartedMs, 0);
        var gone = session.Connection.ConnectionClosed;
        for (var wait = budget.TimeUntilPaid(); wait > TimeSpan.Zero && !session.IsClosing && !gone.IsCancellationRequested; wait = budget.TimeUntilPaid())
        {
            try
            {
                await Task.Delay(wait < s_longestHoldStep ? wait : s_longestHoldStep, time, gone);
            }
            catch (OperationCanceledException)
            {
                break; // the peer left: the read that follows ends the session
            }

            Volatile.Write(ref admission.LastReceivedMs, Environment.TickCount64);
        }

        metrics.SendHeldBack(time.GetElapsedTime(started));
    }

    /// <exception cref="ProtocolViolationException">The length prefix is zero or over this state's limit.</exception>
    private bool TryReadFrame(ClientSession session, ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> body)
    {
        if (session.State == SessionState.LoggedIn)
        {
            return FrameCodec.TryReadFrame(ref buffer, options.MaxFrameBytes, out body);
        }

        try
        {
            return FrameCodec.TryReadFrame(ref buffer, options.MaxLoginFrameBytes, out body);
        }
        catch (ProtocolViolationException ex) when (ex.Code == ErrorCode.FrameTooLarge)
        {
            throw new ProtocolViolationException(
                ErrorCode.FrameTooLarge,
                $"{ex.Message} before login (after login: {options.MaxFrameBytes} bytes)");
        }
    }

    /// <exception cref="ProtocolViolationException">The first bytes are not "PRLY".</exception>
    private static bool TryReadPreamble(ref ReadOnlySequence<byte> buffer)
    {
        var preamble = ProtocolConstants.Preamble;
        Span<byte> head = stackalloc byte[preamble.Length];
        var available = (int)Math.Min(buffer.Length, preamble.Length);
        buffer.Slice(0, available).CopyTo(head);
        if (!head[..available].SequenceEqual(preamble[..available]))
        {
            throw new ProtocolViolationException(
                ErrorCode.BadPreamble,
                "this is a Parley server: a connection must start with the bytes \"PRLY\"");
        }

        if (available < preamble.Length)
        {
            return false;
        }

        buffer = buffer.Slice(preamble.Length);
        return true;
    }
}
