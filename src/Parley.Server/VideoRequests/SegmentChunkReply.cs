using System.Buffers;
using Parley.Media.Segments;
using Parley.Protocol;
using Parley.Protocol.Wire;
using Parley.Server.Sessions;

namespace Parley.Server.VideoRequests;

/// <summary>
/// A successful SegmentChunk answer waiting in a connection's outbox: it holds a lease on the cached
/// segment and, when its turn comes, writes the frame straight from that memory into the connection's
/// output (one copy), then returns the lease.
/// </summary>
internal sealed class SegmentChunkReply : IOutboundFrame
{
    private readonly SegmentLease _segment;
    private readonly ulong _requestId;
    private readonly int _offset;
    private readonly int _count;

    public SegmentChunkReply(SegmentLease segment, ulong requestId, int offset, int count)
    {
        _segment = segment;
        _requestId = requestId;
        _offset = offset;
        _count = count;
        BodySize = SegmentChunkFrame.BodySize(requestId, (ulong)offset, (ulong)segment.Length, count, Last);
    }

    public int BodySize { get; }

    private bool Last => _offset + _count >= _segment.Length;

    public void WriteTo(IBufferWriter<byte> output)
    {
        try
        {
            var span = output.GetSpan(ProtocolConstants.LengthPrefixBytes + BodySize);
            var data = _segment.Bytes.Span.Slice(_offset, _count);
            output.Advance(SegmentChunkFrame.Write(span, _requestId, (ulong)_offset, (ulong)_segment.Length, data, Last));
        }
        finally
        {
            _segment.Dispose();
        }
    }

    /// <summary>For an answer that will never be written (the outbox refused it).</summary>
    public void Discard() => _segment.Dispose();
}
