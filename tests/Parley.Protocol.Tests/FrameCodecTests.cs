using System.Buffers;
using System.Buffers.Binary;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Protocol.Tests;

public sealed class FrameCodecTests
{
    private static ClientFrame SampleSend(int payloadBytes = 256) => new()
    {
        Send = new SendMessage
        {
            RequestId = 42,
            To = "bob",
            Sealed = Google.Protobuf.ByteString.CopyFrom(new byte[payloadBytes]),
        },
    };

    [Fact]
    public void A_written_frame_reads_back_as_the_same_message()
    {
        var bytes = FrameCodec.ToFrameBytes(SampleSend());
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(FrameCodec.TryReadFrame(ref buffer, ProtocolConstants.DefaultMaxFrameBytes, out var body));
        Assert.Equal(0, buffer.Length);
        Assert.Equal(SampleSend(), FrameCodec.ParseClientFrame(body));
    }

    [Fact]
    public void The_length_prefix_is_big_endian_body_length()
    {
        var bytes = FrameCodec.ToFrameBytes(new ClientFrame { Ping = new Ping { Nonce = 1 } });

        // ClientFrame field 5 (ping), length 2, Ping field 1 varint 1.
        Assert.Equal(new byte[] { 0, 0, 0, 4, 0x2A, 0x02, 0x08, 0x01 }, bytes);
    }

    [Fact]
    public void A_partial_frame_is_left_in_the_buffer_until_it_completes()
    {
        var bytes = FrameCodec.ToFrameBytes(SampleSend());
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, cut);
            Assert.False(FrameCodec.TryReadFrame(ref partial, ProtocolConstants.DefaultMaxFrameBytes, out _));
            Assert.Equal(cut, partial.Length);
        }
    }

    [Fact]
    public void A_frame_split_across_segments_is_read_whole()
    {
        var bytes = FrameCodec.ToFrameBytes(SampleSend());
        var buffer = SegmentedSequence.Of(bytes, 3);

        Assert.True(FrameCodec.TryReadFrame(ref buffer, ProtocolConstants.DefaultMaxFrameBytes, out var body));
        Assert.Equal(SampleSend(), FrameCodec.ParseClientFrame(body));
    }

    [Fact]
    public void Several_frames_in_one_buffer_are_read_in_order()
    {
        var first = FrameCodec.ToFrameBytes(new ClientFrame { Ping = new Ping { Nonce = 1 } });
        var second = FrameCodec.ToFrameBytes(new ClientFrame { Ping = new Ping { Nonce = 2 } });
        var buffer = new ReadOnlySequence<byte>([.. first, .. second]);

        Assert.True(FrameCodec.TryReadFrame(ref buffer, 1024, out var a));
        Assert.True(FrameCodec.TryReadFrame(ref buffer, 1024, out var b));
        Assert.False(FrameCodec.TryReadFrame(ref buffer, 1024, out _));
        Assert.Equal(1UL, FrameCodec.ParseClientFrame(a).Ping.Nonce);
        Assert.Equal(2UL, FrameCodec.ParseClientFrame(b).Ping.Nonce);
    }

    [Fact]
    public void A_length_above_the_limit_is_refused_before_the_body_arrives()
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, 1025);
        var buffer = new ReadOnlySequence<byte>(prefix);

        var ex = Assert.Throws<ProtocolViolationException>(() => FrameCodec.TryReadFrame(ref buffer, 1024, out _));
        Assert.Equal(ErrorCode.FrameTooLarge, ex.Code);
    }

    [Fact]
    public void A_zero_length_frame_is_malformed()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[4]);

        var ex = Assert.Throws<ProtocolViolationException>(() => FrameCodec.TryReadFrame(ref buffer, 1024, out _));
        Assert.Equal(ErrorCode.MalformedFrame, ex.Code);
    }

    [Fact]
    public void A_body_that_is_not_protobuf_is_malformed()
    {
        var body = new ReadOnlySequence<byte>([0xFF, 0xFF, 0xFF, 0xFF]);

        var ex = Assert.Throws<ProtocolViolationException>(() => FrameCodec.ParseClientFrame(body));
        Assert.Equal(ErrorCode.MalformedFrame, ex.Code);
    }

    [Fact]
    public void A_body_with_no_known_message_is_malformed()
    {
        // Field 100, varint 1: valid protobuf, but no message this version knows.
        var body = new ReadOnlySequence<byte>([0xA0, 0x06, 0x01]);

        var ex = Assert.Throws<ProtocolViolationException>(() => FrameCodec.ParseServerFrame(body));
        Assert.Equal(ErrorCode.MalformedFrame, ex.Code);
    }
}
