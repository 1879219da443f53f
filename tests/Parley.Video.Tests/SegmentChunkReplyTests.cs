using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
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
        // A segment larger than the cache is kept by its leases alone, and larger than what queued chunks may keep
        // (by default as much as the cache): once the reply is made, nothing may hold it, or a client that stops
        // reading could pin one whole segment per queued chunk.
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

    [Fact]
    public async Task Chunks_written_from_the_held_segment_are_the_file_bytes_across_chunk_and_buffer_boundaries()
    {
        using var root = new TempDir();
        var bytes = new byte[300_000];
        new Random(11).NextBytes(bytes);
        var path = root.Combine("seg0.m4s");
        await File.WriteAllBytesAsync(path, bytes);
        using var reader = new SegmentReader(new SegmentReaderOptions(), new CountingPool());

        (int Offset, int Count)[] chunks =
        [
            (0, 65_536), (65_536, 65_536), (131_072, 65_536), (262_144, 37_856), // a whole segment in 64 KiB chunks
            (1, 4_095), (4_095, 2), (4_096, 8_192), (65_535, 65_536),           // across 4 KiB buffer and chunk boundaries
            (299_999, 1), (300_000, 0), (0, 300_000),
        ];
        foreach (var (offset, count) in chunks)
        {
            var reply = new SegmentChunkReply(await reader.OpenAsync(path, CancellationToken.None), requestId: 3, offset, count);
            Assert.True(reply.HoldsSegment);

            var chunk = await WriteThroughSmallBuffersAsync(reply);

            Assert.Equal((ulong)offset, chunk.Offset);
            Assert.Equal(300_000ul, chunk.TotalBytes);
            Assert.Equal(offset + count == 300_000, chunk.Last);
            Assert.Equal(bytes.AsSpan(offset, count).ToArray(), chunk.Data.ToByteArray());
        }

        Assert.Equal(0, reader.QueuedBytes);
    }

    [Fact]
    public async Task Queued_chunks_of_one_segment_count_it_once_and_let_it_go_once_written_or_discarded()
    {
        using var root = new TempDir();
        var path = root.Combine("seg0.m4s");
        await File.WriteAllBytesAsync(path, new byte[200_000]);
        using var reader = new SegmentReader(new SegmentReaderOptions(), new CountingPool());

        var replies = new List<SegmentChunkReply>();
        for (var i = 0; i < 3; i++)
        {
            replies.Add(new SegmentChunkReply(await reader.OpenAsync(path, CancellationToken.None), requestId: (ulong)i, offset: i * 65_536, count: 65_536));
        }

        Assert.Equal(262_144, reader.QueuedBytes); // the segment's pooled array, once
        replies[0].WriteTo(new ArrayBufferWriter<byte>());
        replies[1].Discard();
        Assert.Equal(262_144, reader.QueuedBytes);
        replies[2].WriteTo(new ArrayBufferWriter<byte>());
        Assert.Equal(0, reader.QueuedBytes);
        Assert.All(replies, reply => Assert.False(reply.HoldsSegment));
    }

    [Fact]
    public async Task Past_the_queued_budget_a_chunk_copies_its_bytes_and_lets_its_segment_go()
    {
        using var root = new TempDir();
        var first = root.Combine("seg0.m4s");
        var second = root.Combine("seg1.m4s");
        var bytes = new byte[200_000];
        new Random(12).NextBytes(bytes);
        await File.WriteAllBytesAsync(first, new byte[200_000]);
        await File.WriteAllBytesAsync(second, bytes);
        using var reader = new SegmentReader(new SegmentReaderOptions { QueuedCapacityBytes = 300_000 }, new CountingPool());

        var held = new SegmentChunkReply(await reader.OpenAsync(first, CancellationToken.None), requestId: 1, offset: 0, count: 65_536);
        var copied = new SegmentChunkReply(await reader.OpenAsync(second, CancellationToken.None), requestId: 2, offset: 100_000, count: 65_536);

        Assert.True(held.HoldsSegment);
        Assert.False(copied.HoldsSegment);
        Assert.Equal(262_144, reader.QueuedBytes);
        Assert.Equal(bytes.AsSpan(100_000, 65_536).ToArray(), (await WriteThroughSmallBuffersAsync(copied)).Data.ToByteArray());
        held.Discard();
        Assert.Equal(0, reader.QueuedBytes);
    }

    [Fact]
    public async Task A_held_segment_the_cache_evicts_stays_intact_until_its_chunk_is_written()
    {
        using var root = new TempDir();
        var pool = new CountingPool();
        using var reader = new SegmentReader(new SegmentReaderOptions { CapacityBytes = 300_000, QueuedCapacityBytes = 1_000_000 }, pool);
        var bytes = new byte[200_000];
        new Random(13).NextBytes(bytes);
        var path = root.Combine("seg0.m4s");
        await File.WriteAllBytesAsync(path, bytes);
        var reply = new SegmentChunkReply(await reader.OpenAsync(path, CancellationToken.None), requestId: 4, offset: 130_000, count: 65_536);

        for (var i = 1; i <= 3; i++)
        {
            var other = root.Combine($"seg{i}.m4s");
            await File.WriteAllBytesAsync(other, new byte[200_000]);
            using var evicting = await reader.OpenAsync(other, CancellationToken.None);
        }

        await Deadline.UntilAsync(() => pool.Returned >= 1, () => "the cache lets go of a segment");
        Assert.True(reply.HoldsSegment);
        Assert.DoesNotContain(pool.ReturnedArrays, array => array.AsSpan(0, bytes.Length).SequenceEqual(bytes));
        Assert.Equal(bytes.AsSpan(130_000, 65_536).ToArray(), (await WriteThroughSmallBuffersAsync(reply)).Data.ToByteArray());
        Assert.Equal(0, reader.QueuedBytes);
        await Deadline.UntilAsync(
            () => pool.ReturnedArrays.Any(array => array.AsSpan(0, bytes.Length).SequenceEqual(bytes)),
            () => "the evicted segment's array back in the pool once its chunk is written");
    }

    /// <summary>Writes the reply into a pipe of 4 KiB buffers, as a socket's, and reads the frame back with the generated codec.</summary>
    private static async Task<SegmentChunk> WriteThroughSmallBuffersAsync(SegmentChunkReply reply)
    {
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 4096, pauseWriterThreshold: 0));
        reply.WriteTo(pipe.Writer);
        await pipe.Writer.CompleteAsync();
        var read = await pipe.Reader.ReadAtLeastAsync(ProtocolConstants.LengthPrefixBytes + reply.BodySize + 1);
        var frame = read.Buffer.ToArray();
        pipe.Reader.AdvanceTo(read.Buffer.End);
        Assert.Equal(ProtocolConstants.LengthPrefixBytes + reply.BodySize, frame.Length);
        Assert.Equal((uint)reply.BodySize, BinaryPrimitives.ReadUInt32BigEndian(frame));
        return ServerFrame.Parser.ParseFrom(frame.AsSpan(ProtocolConstants.LengthPrefixBytes)).SegmentChunk;
    }
}
