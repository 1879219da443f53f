using System.Threading.Channels;
using Parley.Protocol.Messages;

namespace Parley.Server.Sessions;

/// <summary>
/// One connection's outbound frames: a bounded queue drained by a single writer loop (the transport's)
/// that writes everything queued and then flushes once, so bursts cost one socket write instead of one per frame.
/// The queue is bounded in frames and, for deliveries, in bytes; a full queue is reported to the
/// caller, never waited on, so one slow reader cannot stall anybody else.
/// </summary>
internal sealed class Outbox
{
    private readonly Channel<QueuedFrame> _frames;
    private readonly int _maxQueuedBytes;
    private long _queuedBytes;
    private int _closed;
    private int _discard;
    private ServerFrame? _finalFrame;

    public Outbox(int capacity, int maxQueuedBytes)
    {
        _maxQueuedBytes = maxQueuedBytes;
        _frames = Channel.CreateBounded<QueuedFrame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <param name="size">The frame's body size (<c>frame.CalculateSize()</c>).</param>
    /// <param name="checkBytes">Whether the byte budget applies (it does for deliveries).</param>
    public EnqueueResult TryEnqueue(ServerFrame frame, int size, bool checkBytes) =>
        TryEnqueue(QueuedFrame.Of(frame, size), checkBytes);

    /// <param name="checkBytes">Whether the byte budget applies (it does for deliveries).</param>
    public EnqueueResult TryEnqueue(in QueuedFrame frame, bool checkBytes)
    {
        var size = frame.Size;
        if (IsClosed)
        {
            return EnqueueResult.Closed;
        }

        if (checkBytes && Volatile.Read(ref _queuedBytes) + size > _maxQueuedBytes)
        {
            return EnqueueResult.Full;
        }

        Interlocked.Add(ref _queuedBytes, size);
        if (_frames.Writer.TryWrite(frame))
        {
            return EnqueueResult.Queued;
        }

        Interlocked.Add(ref _queuedBytes, -size);
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
        return true;
    }

    /// <summary>The frame to write after the queue, once the outbox is closed; null while open or when there is none.</summary>
    public ServerFrame? FinalFrame => IsClosed ? _finalFrame : null;

    /// <summary>Waits until a frame can be taken; false once the outbox is closed and drained.</summary>
    public ValueTask<bool> WaitToReadAsync() => _frames.Reader.WaitToReadAsync();

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

        Interlocked.Add(ref _queuedBytes, -frame.Size);
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
            Interlocked.Add(ref _queuedBytes, -frame.Size);
            frame.Outbound?.Discard();
        }
    }

    /// <summary>True once the outbox was closed with <c>discardQueued</c>: the writer loop stops writing.</summary>
    public bool IsDiscarding => Volatile.Read(ref _discard) != 0;
}
