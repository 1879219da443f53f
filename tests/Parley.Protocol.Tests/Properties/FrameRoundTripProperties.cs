using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Parley.Protocol.Messages;

namespace Parley.Protocol.Tests.Properties;

/// <summary>decode(encode(x)) = x for every frame kind, through the length framing as it arrives from a socket.</summary>
public sealed class FrameRoundTripProperties
{
    [Theory]
    [MemberData(nameof(WireGenerators.ClientFrameKinds), MemberType = typeof(WireGenerators))]
    public void Every_client_frame_kind_reads_back_as_written(string kind) =>
        PropertyRuns.Check(WireGenerators.ClientFrameOf(kind), frame =>
        {
            var body = ReadOneFrame(FrameCodec.ToFrameBytes(frame));
            Assert.Equal(frame, FrameCodec.ParseClientFrame(body));
        });

    [Theory]
    [MemberData(nameof(WireGenerators.ServerFrameKinds), MemberType = typeof(WireGenerators))]
    public void Every_server_frame_kind_reads_back_as_written(string kind) =>
        PropertyRuns.Check(WireGenerators.ServerFrameOf(kind), frame =>
        {
            var body = ReadOneFrame(FrameCodec.ToFrameBytes(frame));
            Assert.Equal(frame, FrameCodec.ParseServerFrame(body));
        });

    [Fact]
    public void Frames_written_back_to_back_read_back_in_order_however_the_bytes_are_split()
    {
        var frames = Gen.ListOf(Gen.Elements(WireGenerators.ClientFrameKindNames)
            .SelectMany(WireGenerators.ClientFrameOf), 6);
        var cases = frames.SelectMany(list => Gen.Choose(1, 64).Select(segmentBytes => (list, segmentBytes)));
        PropertyRuns.Check(cases, c =>
        {
            var stream = c.list.SelectMany(FrameCodec.ToFrameBytes).ToArray();
            var buffer = SegmentedSequence.Of(stream, c.segmentBytes);
            var read = new List<ClientFrame>();
            while (FrameCodec.TryReadFrame(ref buffer, ProtocolConstants.MaxAnnouncedFrameBytes, out var body))
            {
                read.Add(FrameCodec.ParseClientFrame(body));
            }

            Assert.True(buffer.IsEmpty);
            Assert.Equal(c.list, read);
        });
    }

    [Fact]
    public void A_frame_cut_anywhere_short_is_not_read_and_leaves_the_buffer_as_it_was()
    {
        var cases = WireGenerators.ServerFrameOf("error")
            .SelectMany(frame => Gen.Choose(0, FrameCodec.ToFrameBytes(frame).Length - 1).Select(cut => (frame, cut)));
        PropertyRuns.Check(cases, c =>
        {
            var bytes = FrameCodec.ToFrameBytes(c.frame);
            var buffer = new ReadOnlySequence<byte>(bytes, 0, c.cut);

            Assert.False(FrameCodec.TryReadFrame(ref buffer, ProtocolConstants.DefaultMaxFrameBytes, out _));
            Assert.Equal(c.cut, buffer.Length);
        });
    }

    [Fact]
    public void A_length_prefix_is_checked_against_the_limit_before_the_body_arrives()
    {
        var cases = WireGenerators.Unsigned32.Where(length => length != 0)
            .SelectMany(length => Gen.Choose(1, 1 << 20).Select(limit => (length, limit)));
        PropertyRuns.Check(cases, c =>
        {
            var prefix = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prefix, c.length);
            var buffer = new ReadOnlySequence<byte>(prefix);
            if (c.length > (uint)c.limit)
            {
                var refused = Assert.Throws<ProtocolViolationException>(() => FrameCodec.TryReadFrame(ref buffer, c.limit, out _));
                Assert.Equal(ErrorCode.FrameTooLarge, refused.Code);
            }
            else
            {
                Assert.False(FrameCodec.TryReadFrame(ref buffer, c.limit, out _));
            }
        });
    }

    private static ReadOnlySequence<byte> ReadOneFrame(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(FrameCodec.TryReadFrame(ref buffer, int.MaxValue, out var body));
        Assert.True(buffer.IsEmpty);
        Assert.Equal(bytes.Length - ProtocolConstants.LengthPrefixBytes, body.Length);
        return body;
    }
}
