using System.Buffers;
using Parley.Media.Segments;
using Parley.Protocol.Wire;
using Parley.Server.Sessions;

namespace Parley.Server.VideoRequests;

/// <summary>
/// A successful SegmentChunk answer waiting in a connection's outbox. When its turn comes it writes the frame into the
/// connection's output straight from the cached segment's memory, in the output's own buffers: the segment's bytes are
/// copied once, into the socket's pipe. It keeps its segment's lease while it waits, within the segment reader's budget
/// for what queued chunks may keep (<see cref="SegmentLease.TryKeepWhileQueued"/>: a segment counted once however many
/// chunks hold it), so a client that stops reading, or asks for chunks of many segments, cannot keep more alive than
/// that. When the budget is full it copies its own bytes into a pooled buffer and lets the segment go at once.
/// </summary>
internal sealed class SegmentChunkReply : IOutboundFrame
{
    private readonly ulong _requestId;
    private readonly ulong _offset;
    private readonly ulong _totalBytes;
    private readonly int _count;
    private readonly bool _last;
    private readonly ReadOnlyMemory<byte> _data;
    private SegmentLease? _segment;
    private byte[]? _copy;
    private int _done;

    /// <summary>Takes over <paramref name="segment"/> (this reply disposes it) for <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
    public SegmentChunkReply(SegmentLease segment, ulong requestId, int offset, int count)
    {
        _totalBytes = (ulong)segment.Length;
        _last = offset + count >= segment.Length;
        if (segment.TryKeepWhileQueued())
        {
            _segment = segment;
            _data = segment.Bytes.Slice(offset, count);
        }
        else
        {
            using (segment)
            {
                _copy = ArrayPool<byte>.Shared.Rent(Math.Max(count, 1));
                segment.Bytes.Span.Slice(offset, count).CopyTo(_copy);
                _data = _copy.AsMemory(0, count);
            }
        }

        _requestId = requestId;
        _offset = (ulong)offset;
        _count = count;
        BodySize = SegmentChunkFrame.BodySize(requestId, _offset, _totalBytes, count, _last);
    }

    public int BodySize { get; }

    /// <summary>The segment bytes this chunk carries.</summary>
    public int Count => _count;

    /// <summary>True while this reply holds its segment rather than a copy of its bytes.</summary>
    public bool HoldsSegment => Volatile.Read(ref _segment) is not null;

    public void WriteTo(IBufferWriter<byte> output)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            throw new InvalidOperationException("a segment chunk is written once");
        }

        try
        {
            SegmentChunkFrame.Write(output, _requestId, _offset, _totalBytes, _data.Span, _last);
        }
        finally
        {
            LetGo();
        }
    }

    public void Discard()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            LetGo();
        }
    }

    private void LetGo()
    {
        Interlocked.Exchange(ref _segment, null)?.Dispose();
        if (Interlocked.Exchange(ref _copy, null) is { } copy)
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
