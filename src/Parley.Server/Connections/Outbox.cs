using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Threading.Channels;
using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Server.Connections;

/// <summary>
/// One connection's outbound frames: a bounded queue drained by a single writer loop that writes
/// everything queued and then flushes once, so bursts cost one socket write instead of one per frame.
/// The queue is bounded in frames and, for deliveries, in bytes; a full queue is reported to the
/// caller, never waited on, so one slow reader cannot stall anybody else.
/// </summary>
internal sealed class Outbox
{
    // Flush early inside a long burst so a batch does not grow without bound in the pipe.
    private const int FlushThresholdBytes = 256 * 1024;

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

    /// <summary>Runs until the outbox is closed and drained, or the peer stops accepting bytes.</summary>
    public async Task RunWriterAsync(PipeWriter output, TimeSpan finalFlushTimeout)
    {
        var reader = _frames.Reader;
        var open = true;
        while (open && await reader.WaitToReadAsync())
        {
            while (open && Volatile.Read(ref _discard) == 0 && reader.TryRead(out var item))
            {
                Interlocked.Add(ref _queuedBytes, -item.Size);
                Write(output, item);
                if (output.CanGetUnflushedBytes && output.UnflushedBytes >= FlushThresholdBytes)
                {
                    open = await FlushAsync(output);
                }
            }

            open = open && Volatile.Read(ref _discard) == 0 && await FlushAsync(output);
        }

        var final = Volatile.Read(ref _closed) != 0 ? _finalFrame : null;
        if (final is not null)
        {
            Write(output, QueuedFrame.Of(final));
            using var timeout = new CancellationTokenSource(finalFlushTimeout);
            await output.FlushAsync(timeout.Token);
        }
    }

    /// <returns>False when the peer is gone or the flush was cancelled to close the connection.</returns>
    private static async ValueTask<bool> FlushAsync(PipeWriter output)
    {
        var result = await output.FlushAsync();
        return !result.IsCompleted && !result.IsCanceled;
    }

    private static void Write(PipeWriter output, in QueuedFrame item)
    {
        if (item.Outbound is { } outbound)
        {
            outbound.WriteTo(output);
            return;
        }

        if (item.Encoded is { } encoded)
        {
            output.Write(encoded);
            return;
        }

        var size = item.Size;
        var span = output.GetSpan(ProtocolConstants.LengthPrefixBytes + size);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)size);
        var body = span.Slice(ProtocolConstants.LengthPrefixBytes, size);
        if (item.Message is { } message)
        {
            message.WriteTo(body);
        }
        else
        {
            SendOkFrame.WriteBody(body, item.RequestId, item.DeliveredConnections);
        }

        output.Advance(ProtocolConstants.LengthPrefixBytes + size);
    }
}
