using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;

namespace Parley.Protocol.Tests.Properties;

/// <summary>
/// Every decoder the server and the client run on network bytes gives a value or a
/// <see cref="ProtocolViolationException"/> (the hand-laid readers: true or false), never another exception.
/// </summary>
public sealed class DecoderTotalityProperties
{
    [Fact]
    public void Any_frame_body_parses_as_a_client_frame_or_is_refused_as_malformed()
    {
        PropertyRuns.Check(HostileBytes.Bodies, body =>
        {
            var refusal = Record.Exception(() => FrameCodec.ParseClientFrame(new ReadOnlySequence<byte>(body)));
            AssertMalformedOrNothing(refusal);
        }, maxTest: 2000);
    }

    [Fact]
    public void Any_frame_body_parses_as_a_server_frame_or_is_refused_as_malformed()
    {
        PropertyRuns.Check(HostileBytes.Bodies, body =>
        {
            var refusal = Record.Exception(() => FrameCodec.ParseServerFrame(new ReadOnlySequence<byte>(body)));
            AssertMalformedOrNothing(refusal);
        }, maxTest: 2000);
    }

    [Fact]
    public void The_hand_laid_readers_answer_any_body_without_throwing()
    {
        PropertyRuns.Check(HostileBytes.Bodies, body =>
        {
            var sequence = new ReadOnlySequence<byte>(body);
            SendFrameReader.TryRead(sequence, out _);
            SegmentChunkFrameReader.TryRead(sequence, pooled: false, out _);
            if (SegmentChunkFrameReader.TryRead(sequence, pooled: true, out var chunk))
            {
                PooledBytes.Return(chunk.SegmentChunk.Data);
            }
        }, maxTest: 2000);
    }

    [Fact]
    public void Any_byte_stream_reads_as_frames_or_a_protocol_violation()
    {
        var streams = Gen.Frequency(
            (1, ArbMap.Default.GeneratorFor<byte[]>()),
            (2, Gen.ListOf(HostileBytes.Bodies, 4).Select(bodies => bodies.SelectMany(Framed).ToArray())));
        PropertyRuns.Check(streams, stream =>
        {
            var buffer = new ReadOnlySequence<byte>(stream);
            var refusal = Record.Exception(() =>
            {
                while (FrameCodec.TryReadFrame(ref buffer, ProtocolConstants.DefaultMaxFrameBytes, out var body))
                {
                    FrameCodec.ParseClientFrame(body);
                }
            });
            if (refusal is not null)
            {
                var violation = Assert.IsType<ProtocolViolationException>(refusal);
                Assert.Contains(violation.Code, new[] { ErrorCode.MalformedFrame, ErrorCode.FrameTooLarge });
            }
        }, maxTest: 1000);
    }

    private static byte[] Framed(byte[] body) =>
        [(byte)(body.Length >> 24), (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];

    private static void AssertMalformedOrNothing(Exception? refusal)
    {
        if (refusal is not null)
        {
            Assert.Equal(ErrorCode.MalformedFrame, Assert.IsType<ProtocolViolationException>(refusal).Code);
        }
    }
}
