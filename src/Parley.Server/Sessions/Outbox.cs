using System.Threading.Channels;
using Parley.Protocol.Messages;

namespace Parley.Server.Sessions;

/// <summary>
/// One connection's outbound frames: a bounded queue drained by a single writer loop (the transport's)
/// that writes everything queued and then flushes once, so bursts cost one socket write instead of one per frame.
/// A frame queued with <c>wake: false</c> does not wake the writer: whoever queued it calls <see cref="Wake"/> once it
/// has queued all it will for now (a sender's deliveries at the end of its read turn, <see cref="SendTurn"/>), so a
/// burst of deliveries costs the recipient one wake-up and one write instead of racing its writer frame by frame.
/// The queue is bounded in frames and, for deliveries and segment chunks, in bytes: its own budget and the
/// server's total (<see cref="OutboundQueues"/>), which every frame queued anywhere counts against. A full queue is
/// reported to the caller, never waited on, so one slow reader cannot stall anybody else.
/// </summary>
internal sealed class Outbox
{
    private readonly Channel<QueuedFrame> _frames;
    private readonly WriterWake _wake = new();
    private readonly int _maxQueuedBytes;
    private readonly OutboundQueues _server;
    private long _queuedBytes;
    private int _closed;
    private int _discard;
    private ServerFrame? _finalFrame;

    /// <summary>An outbox of its own, bounded only by <paramref name="capacity"/> and <paramref name="maxQueuedBytes"/> (unit tests).</summary>
    public Outbox(int capacity, int maxQueuedBytes)
        : this(capacity, maxQueuedBytes, OutboundQueues.Unbounded)
    {
    }

    public Outbox(int capacity, int maxQueuedBytes, OutboundQueues server)
    {
        _maxQueuedBytes = maxQueuedBytes;
        _server = server;
        _frames = Channel.CreateBounded<QueuedFrame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>The session this outbox belongs to, ended by the write deadline; set once by <see cref="ClientSession"/>.</summary>
    public ClientSession? Owner { get; set; }

    /// <summary>Bytes of frame bodies queued here now.</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <param name="size">The frame's body size (<c>frame.CalculateSize()</c>).</param>
    /// <param name="checkBytes">Whether the byte budget applies (it does for deliveries).</param>
    public EnqueueResult TryEnqueue(ServerFrame frame, int size, bool checkBytes) =>
        TryEnqueue(QueuedFrame.Of(frame, size), checkBytes);

    /// <param name="checkBytes">Whether the byte budget applies (it does for deliveries).</param>
    /// <param name="wake">False: the caller calls <see cref="Wake"/> soon (at the latest when its read turn ends).</param>
    public EnqueueResult TryEnqueue(in QueuedFrame frame, bool checkBytes, bool wake = true)
    {
        var size = frame.Size;
        if (IsClosed)
        {
            return EnqueueResult.Closed;
        }

        if (checkBytes)
        {
            if (Volatile.Read(ref _queuedBytes) + size > _maxQueuedBytes)
            {
                return EnqueueResult.Full;
            }

            if (!_server.TryReserve(size))
            {
                return EnqueueResult.ServerFull;
            }
        }
        else
        {
            _server.Reserve(size);
        }

        Interlocked.Add(ref _queuedBytes, size);
        if (_frames.Writer.TryWrite(frame))
        {
            if (wake)
            {
                _wake.Set();
            }

            return EnqueueResult.Queued;
        }

        Release(size);
        return IsClosed ? EnqueueResult.Closed : EnqueueResult.Full;
    }

    /// <summary>No more frames: the writer loop writes what is queued, then <paramref name="finalFrame"/>, then ends.</summary>
    /// <param name="discardQueued">Drop what is still queued (the reader is too slow to ever get it).</param>
    /// <returns>False when the outbox was already closed.</returns>
    public bool Close(ServerFrame? finalFrame, bool discardQueued)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        _finalFrame = finalFrame;
        if (discardQueued)
        {
            Volatile.Write(ref _discard, 1);
        }

        _frames.Writer.TryComplete();
        _wake.Set();
        return true;
    }

    /// <summary>Wakes the writer loop for what was queued with <c>wake: false</c>; cheap when it is awake already.</summary>
    public void Wake() => _wake.Set();

    /// <summary>The frame to write after the queue, once the outbox is closed; null while open or when there is none.</summary>
    public ServerFrame? FinalFrame => IsClosed ? _finalFrame : null;

    /// <summary>
    /// Waits until there may be frames to take: at once when some are queued, else until <see cref="Wake"/> (frames
    /// queued without a wake are taken early only when the writer is awake anyway). False once the outbox is closed and drained.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        if (_frames.Reader.TryPeek(out _))
        {
            return new(true);
        }

        return _frames.Reader.Completion.IsCompleted ? new(false) : WaitForWakeAsync();
    }

    /// <summary>
    /// Takes the next queued frame for the one writer loop; false when none is queued, or when what is queued
    /// is to be dropped (the outbox was closed with <c>discardQueued</c>).
    /// </summary>
    public bool TryTake(out QueuedFrame frame)
    {
        if (Volatile.Read(ref _discard) != 0 || !_frames.Reader.TryRead(out frame))
        {
            frame = default;
            return false;
        }

        Release(frame.Size);
        return true;
    }

    /// <summary>
    /// Once the outbox is closed and its writer loop has ended: lets go of every frame it never wrote, so what they
    /// hold (pooled buffers) goes back at once.
    /// </summary>
    public void DiscardRemaining()
    {
        while (_frames.Reader.TryRead(out var frame))
        {
            Release(frame.Size);
            frame.Outbound?.Discard();
        }
    }

    /// <summary>Counts a frame this outbox did not take (<c>delivery</c>, <c>segment_chunk</c>, <c>control</c>) in the metrics.</summary>
    public void ReportDropped(string frameKind) => _server.Dropped(frameKind);

    public void ReportRefused(ErrorCode code) => _server.Refused(code);

    /// <summary>Counts the messages this connection's sends relayed in one read turn (<see cref="SendTurn"/>).</summary>
    public void ReportRelayed(long messages, long sealedBytes) => _server.Relayed(messages, sealedBytes);

    /// <summary>The writer loop waits for the peer to take bytes; past the write deadline the connection is ended.</summary>
    public void WriteBlocked() => _server.WriteBlocked(this);

    /// <summary>The peer took bytes, or the writer loop ended.</summary>
    public void WriteResumed() => _server.WriteResumed(this);

    /// <summary>True once the outbox was closed with <c>discardQueued</c>: the writer loop stops writing.</summary>
    public bool IsDiscarding => Volatile.Read(ref _discard) != 0;

    private async ValueTask<bool> WaitForWakeAsync()
    {
        await _wake.WaitAsync();
        return !_frames.Reader.Completion.IsCompleted;
    }

    private void Release(int size)
    {
        Interlocked.Add(ref _queuedBytes, -size);
        _server.Release(size);
    }
}
