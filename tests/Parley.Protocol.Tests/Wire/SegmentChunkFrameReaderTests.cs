using System.Buffers;
using Google.Protobuf;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;

namespace Parley.Protocol.Tests.Wire;

public sealed class SegmentChunkFrameReaderTests
{
    public static TheoryData<ulong, ulong, ulong, int, bool, int> Chunks => new()
    {
        { 1, 0, 1_300_000, 65_536, false, 4096 },
        { 7, 65_536, 1_300_000, 65_536, false, 1 },       // every byte its own pipe segment
        { 7, 65_536, 1_300_000, 65_536, false, 65_539 },  // the data split a few bytes before its end
        { ulong.MaxValue, 1_290_000, 1_300_000, 10_000, true, 3 },
        { 0, 0, 0, 0, true, 1 },
        { 300, 129_156, 129_156, 0, true, 2 },
        { 2, 3, 200, 128, false, 7 },
    };

    [Theory]
    [MemberData(nameof(Chunks))]
    public void A_hand_laid_chunk_reads_as_the_generated_parser_reads_it(
        ulong requestId, ulong offset, ulong totalBytes, int dataBytes, bool last, int segmentBytes)
    {
        var data = new byte[dataBytes];
        new Random(dataBytes).NextBytes(data);
        var frame = new byte[ProtocolConstants.LengthPrefixBytes + SegmentChunkFrame.BodySize(requestId, offset, totalBytes, dataBytes, last)];
        SegmentChunkFrame.Write(frame, requestId, offset, totalBytes, data, last);
        var body = frame[ProtocolConstants.LengthPrefixBytes..];

        var expected = ServerFrame.Parser.ParseFrom(body);
        foreach (var pooled in new[] { false, true })
        {
            Assert.True(SegmentChunkFrameReader.TryRead(SegmentedSequence.Of(body, segmentBytes), pooled, out var read));

            Assert.Equal(expected, read);
            Assert.Equal(data, read.SegmentChunk.Data.ToByteArray());
            Assert.Equal(body, read.ToByteArray());
            PooledBytes.Return(read.SegmentChunk.Data);
        }
    }

    [Fact]
    public void Pooled_data_is_handed_back_once_and_unpooled_data_is_left_alone()
    {
        var body = Body(new SegmentChunk { RequestId = 3, TotalBytes = 4, Data = ByteString.CopyFrom(1, 2, 3, 4) });
        Assert.True(SegmentChunkFrameReader.TryRead(new ReadOnlySequence<byte>(body), pooled: true, out var pooled));
        Assert.True(SegmentChunkFrameReader.TryRead(new ReadOnlySequence<byte>(body), pooled: false, out var plain));

        PooledBytes.Return(pooled.SegmentChunk.Data);
        PooledBytes.Return(pooled.SegmentChunk.Data);
        PooledBytes.Return(plain.SegmentChunk.Data);

        Assert.Throws<ObjectDisposedException>(() => pooled.SegmentChunk.Data.ToByteArray());
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, plain.SegmentChunk.Data.ToByteArray());
    }

    [Fact]
    public void The_data_is_a_copy_that_outlives_the_input_buffer()
    {
        var body = Body(new SegmentChunk { RequestId = 3, TotalBytes = 4, Data = ByteString.CopyFrom(1, 2, 3, 4) });

        Assert.True(SegmentChunkFrameReader.TryRead(new ReadOnlySequence<byte>(body), out var read));
        Array.Clear(body);

        Assert.Equal(new byte[] { 1, 2, 3, 4 }, read.SegmentChunk.Data.ToByteArray());
    }

    [Theory]
    [InlineData("6a 04 10 05 08 01", "an error code (then request_id out of order)")]
    [InlineData("6a 02 10 05", "an error code")]
    [InlineData("6a 03 1a 01 78", "an error message")]
    [InlineData("6a 04 08 01 08 02", "request_id twice")]
    [InlineData("6a 04 20 01 08 01", "offset before request_id")]
    [InlineData("6a 03 08 01 40", "an unknown field")]
    [InlineData("6a 02 48 01", "an unknown field alone")]
    [InlineData("6a 06 08 01 32 05 01 02", "data longer than the frame")]
    [InlineData("6a 05 08 01", "segment_chunk longer than the frame")]
    [InlineData("6a 02 08 01 2a 00", "a second body field after segment_chunk")]
    [InlineData("6a 0b 08 ff ff ff ff ff ff ff ff ff 7f", "request_id varint beyond 64 bits")]
    [InlineData("6a 02 08 ff", "a truncated varint")]
    [InlineData("6a 02 0a 00", "request_id with the wrong wire type")]
    [InlineData("2a 00", "another frame type")]
    [InlineData("", "an empty body")]
    public void A_frame_outside_the_plain_chunk_layout_is_left_to_the_generated_parser(string hex, string what)
    {
        var body = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

        Assert.False(SegmentChunkFrameReader.TryRead(new ReadOnlySequence<byte>(body), out _), what);
    }

    [Fact]
    public void A_truncated_chunk_is_refused_by_both_readers()
    {
        var body = Body(new SegmentChunk { RequestId = 9, TotalBytes = 100, Data = ByteString.CopyFrom(new byte[100]) });
        var truncated = new ReadOnlySequence<byte>(body, 0, body.Length - 1);

        Assert.False(SegmentChunkFrameReader.TryRead(truncated, out _));
        Assert.Throws<InvalidProtocolBufferException>(() => ServerFrame.Parser.ParseFrom(truncated));
    }

    private static byte[] Body(SegmentChunk chunk) => new ServerFrame { SegmentChunk = chunk }.ToByteArray();
}
