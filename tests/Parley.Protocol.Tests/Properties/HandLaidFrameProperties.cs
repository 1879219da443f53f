using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;

namespace Parley.Protocol.Tests.Properties;

/// <summary>
/// The frames the relay lays out by hand are byte for byte what the generated code writes, and the
/// hand-laid readers read exactly what the generated parser reads, however the bytes arrive.
/// </summary>
public sealed class HandLaidFrameProperties
{
    private static readonly bool[] PooledOrNot = [false, true];

    private static readonly Gen<int> SegmentBytes = Gen.Elements(1, 3, 7, 64, int.MaxValue);

    [Fact]
    public void A_delivery_frame_is_the_generated_encoding_and_reads_back()
    {
        var cases = WireGenerators.Text.Zip(WireGenerators.Bytes);
        PropertyRuns.Check(cases, c =>
        {
            var (from, sealedBytes) = c;
            var expected = FrameCodec.ToFrameBytes(new ServerFrame { Delivery = new Delivery { From = from, Sealed = sealedBytes } });

            var frame = DeliveryFrame.Encode(from, new ReadOnlySequence<byte>(sealedBytes.Memory));

            Assert.Equal(expected, frame);
            Assert.Equal(expected.Length - ProtocolConstants.LengthPrefixBytes, DeliveryFrame.BodySize(System.Text.Encoding.UTF8.GetByteCount(from), sealedBytes.Length));
            var read = FrameCodec.ParseServerFrame(new ReadOnlySequence<byte>(frame, ProtocolConstants.LengthPrefixBytes, frame.Length - ProtocolConstants.LengthPrefixBytes));
            Assert.Equal(from, read.Delivery.From);
            Assert.Equal(sealedBytes, read.Delivery.Sealed);
        });
    }

    [Fact]
    public void A_send_acks_frame_is_the_generated_encoding()
    {
        PropertyRuns.Check(WireGenerators.Unsigned64, upTo =>
        {
            var expected = new ServerFrame { SendAcks = new SendAcks { UpTo = upTo } }.ToByteArray();
            var body = new byte[SendAcksFrame.BodySize(upTo)];

            var written = SendAcksFrame.WriteBody(body, upTo);

            Assert.Equal(body.Length, written);
            Assert.Equal(expected, body);
        });
    }

    [Fact]
    public void A_segment_chunk_frame_is_the_generated_encoding_and_the_chunk_reader_reads_it_back()
    {
        var chunks = WireGenerators.Unsigned64.Zip(WireGenerators.Unsigned64).Zip(WireGenerators.Unsigned64.Zip(WireGenerators.Bytes))
            .SelectMany(c => Gen.Elements(true, false).Zip(SegmentBytes).Select(d => (
                RequestId: c.Item1.Item1, Offset: c.Item1.Item2, Total: c.Item2.Item1, Data: c.Item2.Item2, Last: d.Item1, Segment: d.Item2)));
        PropertyRuns.Check(chunks, c =>
        {
            var expected = FrameCodec.ToFrameBytes(new ServerFrame
            {
                SegmentChunk = new SegmentChunk { RequestId = c.RequestId, Offset = c.Offset, TotalBytes = c.Total, Data = c.Data, Last = c.Last },
            });
            var frame = new byte[ProtocolConstants.LengthPrefixBytes + SegmentChunkFrame.BodySize(c.RequestId, c.Offset, c.Total, c.Data.Length, c.Last)];

            var written = SegmentChunkFrame.Write(frame, c.RequestId, c.Offset, c.Total, c.Data.Span, c.Last);

            Assert.Equal(frame.Length, written);
            Assert.Equal(expected, frame);
            var body = SegmentedSequence.Of(frame[ProtocolConstants.LengthPrefixBytes..], c.Segment);
            foreach (var pooled in PooledOrNot)
            {
                Assert.True(SegmentChunkFrameReader.TryRead(body, pooled, out var read));
                Assert.Equal(ServerFrame.Parser.ParseFrom(body), read);
                PooledBytes.Return(read.SegmentChunk.Data);
            }
        });
    }

    [Fact]
    public void The_send_reader_reads_every_generated_send_as_the_generated_parser_does()
    {
        var sends = WireGenerators.Message<SendMessage>().Zip(SegmentBytes);
        PropertyRuns.Check(sends, c =>
        {
            var (send, segmentBytes) = c;
            var body = SegmentedSequence.Of(new ClientFrame { Send = send }.ToByteArray(), segmentBytes);

            var accepted = SendFrameReader.TryRead(body, out var read);

            Assert.True(accepted);
            Assert.Equal(SendRequest.From(send).RequestId, read.RequestId);
            Assert.Equal(send.To, read.To);
            Assert.Equal(send.Sealed.ToByteArray(), read.Sealed.ToArray());
            Assert.Equal(send.RecipientKeyId.ToByteArray(), read.RecipientKeyId.ToArray());
        });
    }

    [Fact]
    public void Whatever_a_hand_laid_reader_accepts_the_generated_parser_reads_the_same()
    {
        PropertyRuns.Check(HostileBytes.Bodies.Zip(SegmentBytes), c =>
        {
            var body = SegmentedSequence.Of(c.Item1, c.Item2);
            if (SendFrameReader.TryRead(body, out var send))
            {
                var generated = ClientFrame.Parser.ParseFrom(body).Send;
                Assert.Equal(generated.RequestId, send.RequestId);
                Assert.Equal(generated.To, send.To);
                Assert.Equal(generated.Sealed.ToByteArray(), send.Sealed.ToArray());
                Assert.Equal(generated.RecipientKeyId.ToByteArray(), send.RecipientKeyId.ToArray());
            }

            if (SegmentChunkFrameReader.TryRead(body, out var chunk))
            {
                Assert.Equal(ServerFrame.Parser.ParseFrom(body), chunk);
            }
        }, maxTest: 2000);
    }
}
