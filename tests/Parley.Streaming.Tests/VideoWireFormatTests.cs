using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Streaming.Tests;

/// <summary>The byte-level examples of docs/protocol.md §10.6, checked against the real encoder.</summary>
public sealed class VideoWireFormatTests
{
    [Fact]
    public void List_videos_example_matches_the_encoder()
    {
        Assert.Equal(
            "00 00 00 04 3a 02 08 01",
            Hex(new ClientFrame { ListVideos = new ListVideos { RequestId = 1 } }));
    }

    [Fact]
    public void Fetch_segment_example_matches_the_encoder()
    {
        var frame = new ClientFrame
        {
            FetchSegment = new FetchSegment { RequestId = 5, Video = "demo", Height = 720, Index = 3, Offset = 65536, MaxBytes = 65536 },
        };

        Assert.Equal(
            "00 00 00 17 4a 15 08 05 12 04 64 65 6d 6f 18 d0 05 20 03 28 80 80 04 30 80 80 04",
            Hex(frame));
    }

    [Fact]
    public void Segment_chunk_examples_match_the_encoder()
    {
        var chunk = new ServerFrame
        {
            SegmentChunk = new SegmentChunk
            {
                RequestId = 5,
                Offset = 65536,
                TotalBytes = 70000,
                Data = ByteString.CopyFrom(0x47, 0x40, 0x00, 0x10),
                Last = true,
            },
        };
        var error = new ServerFrame
        {
            SegmentChunk = new SegmentChunk { RequestId = 6, Code = ErrorCode.InvalidVideoName, Message = "bad name" },
        };

        Assert.Equal("00 00 00 14 6a 12 08 05 20 80 80 04 28 f0 a2 04 32 04 47 40 00 10 38 01", Hex(chunk));
        Assert.Equal("00 00 00 10 6a 0e 08 06 10 1a 1a 08 62 61 64 20 6e 61 6d 65", Hex(error));
    }

    [Fact]
    public void A_full_chunk_frame_stays_far_below_the_frame_limit()
    {
        var chunk = new ServerFrame
        {
            SegmentChunk = new SegmentChunk
            {
                RequestId = ulong.MaxValue,
                Code = ErrorCode.Ok,
                Offset = ulong.MaxValue,
                TotalBytes = ulong.MaxValue,
                Data = ByteString.CopyFrom(new byte[VideoLimits.MaxChunkBytes]),
                Last = true,
            },
        };

        Assert.InRange(chunk.CalculateSize(), VideoLimits.MaxChunkBytes, VideoLimits.MaxChunkBytes + 64);
    }

    private static string Hex(IMessage message) =>
        string.Join(' ', FrameCodec.ToFrameBytes(message).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
