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
}
