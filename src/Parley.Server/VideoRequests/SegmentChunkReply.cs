using System.Buffers;
using Parley.Media.Segments;
using Parley.Protocol;
using Parley.Protocol.Wire;
using Parley.Server.Sessions;

namespace Parley.Server.VideoRequests;

/// <summary>
/// A successful SegmentChunk answer waiting in a connection's outbox. It holds only its own chunk, copied out of
/// the cached segment into a pooled buffer when the answer is made; the segment's lease is let go at once, so a
/// client that stops reading pins at most its queued chunks (which the outbox bounds), never whole segments.
/// When its turn comes it writes the frame straight from that buffer into the connection's output.
/// </summary>
internal sealed class SegmentChunkReply : IOutboundFrame
{
    private readonly ulong _requestId;
    private readonly ulong _offset;
    private readonly ulong _totalBytes;
    private readonly int _count;
    private readonly bool _last;
    private byte[]? _chunk;

    /// <summary>Copies <paramref name="count"/> bytes at <paramref name="offset"/> and disposes <paramref name="segment"/>.</summary>
    public SegmentChunkReply(SegmentLease segment, ulong requestId, int offset, int count)
    {
        using (segment)
        {
            _chunk = ArrayPool<byte>.Shared.Rent(Math.Max(count, 1));
            segment.Bytes.Span.Slice(offset, count).CopyTo(_chunk);
            _totalBytes = (ulong)segment.Length;
            _last = offset + count >= segment.Length;
        }

        _requestId = requestId;
        _offset = (ulong)offset;
        _count = count;
        BodySize = SegmentChunkFrame.BodySize(requestId, _offset, _totalBytes, count, _last);
    }

    public int BodySize { get; }

    /// <summary>The segment bytes this chunk carries.</summary>
    public int Count => _count;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var chunk = Interlocked.Exchange(ref _chunk, null) ?? throw new InvalidOperationException("a segment chunk is written once");
        try
        {
            var span = output.GetSpan(ProtocolConstants.LengthPrefixBytes + BodySize);
            output.Advance(SegmentChunkFrame.Write(span, _requestId, _offset, _totalBytes, chunk.AsSpan(0, _count), _last));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    public void Discard()
    {
        if (Interlocked.Exchange(ref _chunk, null) is { } chunk)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
