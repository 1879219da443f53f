using System.Buffers;
using System.Buffers.Binary;
using Parley.Media.Segments;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server.VideoRequests;

namespace Parley.Video.Tests;

public sealed class SegmentChunkReplyTests
{
    [Fact]
    public async Task A_queued_chunk_does_not_keep_its_whole_segment_in_memory()
    {
        // A segment larger than the cache is kept by its leases alone: once the reply is made, nothing may hold it,
        // or a client that stops reading could pin one whole segment per queued chunk.
        using var root = new TempDir();
        var pool = new CountingPool();
        using var reader = new SegmentReader(new SegmentReaderOptions { CapacityBytes = 100_000 }, pool);
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        var path = root.Combine("big.ts");
        await File.WriteAllBytesAsync(path, bytes);

        var reply = new SegmentChunkReply(await reader.OpenAsync(path, CancellationToken.None), requestId: 9, offset: 250_000, count: 50_000);

        Assert.Equal(1, pool.Returned);
        var output = new ArrayBufferWriter<byte>();
        reply.WriteTo(output);
        var frame = ServerFrame.Parser.ParseFrom(output.WrittenSpan[ProtocolConstants.LengthPrefixBytes..]);
        Assert.Equal((uint)reply.BodySize, BinaryPrimitives.ReadUInt32BigEndian(output.WrittenSpan));
        Assert.Equal(9ul, frame.SegmentChunk.RequestId);
        Assert.Equal(250_000ul, frame.SegmentChunk.Offset);
        Assert.Equal(300_000ul, frame.SegmentChunk.TotalBytes);
        Assert.True(frame.SegmentChunk.Last);
        Assert.Equal(bytes.AsSpan(250_000).ToArray(), frame.SegmentChunk.Data.ToByteArray());
    }
}
