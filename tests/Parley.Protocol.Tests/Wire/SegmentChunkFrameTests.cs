using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;

namespace Parley.Protocol.Tests.Wire;

public sealed class SegmentChunkFrameTests
{
    public static TheoryData<ulong, ulong, ulong, int, bool> Chunks => new()
    {
        { 1, 0, 1_300_000, 65_536, false },
        { 7, 65_536, 1_300_000, 65_536, false },
        { ulong.MaxValue, 1_290_000, 1_300_000, 10_000, true },
        { 0, 0, 0, 0, true },               // an empty segment: nothing but last
        { 300, 129_156, 129_156, 0, true }, // asked at the very end
        { 5, 0, 100, 100, true },           // one chunk is the whole segment
        { 2, 3, 200, 127, false },
        { 2, 3, 200, 128, false },          // data length needs a two-byte varint
        { 2, 3, 2_000_000, 1_048_576, false },
    };

    [Theory]
    [MemberData(nameof(Chunks))]
    public void The_hand_laid_frame_is_byte_for_byte_what_the_generated_codec_writes(
        ulong requestId, ulong offset, ulong totalBytes, int dataBytes, bool last)
    {
        var data = new byte[dataBytes];
        new Random(dataBytes).NextBytes(data);
        var frame = new ServerFrame
        {
            SegmentChunk = new SegmentChunk
            {
                RequestId = requestId,
                Offset = offset,
                TotalBytes = totalBytes,
                Data = ByteString.CopyFrom(data),
                Last = last,
            },
        };
        var expected = FrameCodec.ToFrameBytes(frame);

        var bodySize = SegmentChunkFrame.BodySize(requestId, offset, totalBytes, dataBytes, last);
        var written = new byte[ProtocolConstants.LengthPrefixBytes + bodySize];
        var count = SegmentChunkFrame.Write(written, requestId, offset, totalBytes, data, last);

        Assert.Equal(frame.CalculateSize(), bodySize);
        Assert.Equal(written.Length, count);
        Assert.Equal(expected, written);
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public async Task Written_into_a_pipe_of_small_buffers_the_frame_is_the_same_bytes(
        ulong requestId, ulong offset, ulong totalBytes, int dataBytes, bool last)
    {
        // A socket's pipe hands out 4 KiB buffers: the frame must not ask for one as large as itself.
        var data = new byte[dataBytes];
        new Random(dataBytes + 1).NextBytes(data);
        var expected = new byte[ProtocolConstants.LengthPrefixBytes + SegmentChunkFrame.BodySize(requestId, offset, totalBytes, dataBytes, last)];
        SegmentChunkFrame.Write(expected, requestId, offset, totalBytes, data, last);
        var pipe = new Pipe(new PipeOptions(pool: new BlockPool(), minimumSegmentSize: 4096, pauseWriterThreshold: 0));

        SegmentChunkFrame.Write(pipe.Writer, requestId, offset, totalBytes, data, last);
        await pipe.Writer.CompleteAsync();

        var written = await pipe.Reader.ReadAtLeastAsync(expected.Length + 1);
        Assert.Equal(expected, written.Buffer.ToArray());
        foreach (var block in written.Buffer)
        {
            Assert.True(block.Length <= 4096, $"a {block.Length}-byte buffer was asked for");
        }

        pipe.Reader.AdvanceTo(written.Buffer.End);
    }

    /// <summary>A pool of 4 KiB blocks, as Kestrel's: a pipe asked for more at once takes a larger array elsewhere.</summary>
    private sealed class BlockPool : MemoryPool<byte>
    {
        public override int MaxBufferSize => 4096;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1) => new Block(new byte[4096]);

        protected override void Dispose(bool disposing)
        {
        }

        private sealed class Block(byte[] array) : IMemoryOwner<byte>
        {
            public Memory<byte> Memory => array;

            public void Dispose()
            {
            }
        }
    }
}
