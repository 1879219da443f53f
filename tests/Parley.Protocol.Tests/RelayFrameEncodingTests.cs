using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;

namespace Parley.Protocol.Tests;

/// <summary>The relay's hand-laid frames are byte for byte what the generated serializer writes.</summary>
public sealed class RelayFrameEncodingTests
{
    public static TheoryData<string, int> DeliveryCases => new()
    {
        { "bob", 1 },
        { "bob", 127 },
        { "bob", 128 },
        { "alice", 1197 },
        { "Zoë-名前", 16_383 },
        { "carol", 16_384 },
        { "dave", 2_097_152 },
        { string.Empty, 5 },
        { "erin", 0 },
    };

    public static TheoryData<ulong> SendAcksCases => new() { 0, 1, 127, 128, 300, uint.MaxValue, ulong.MaxValue };

    [Theory]
    [MemberData(nameof(DeliveryCases))]
    public void A_delivery_frame_matches_the_generated_serializer(string from, int sealedLength)
    {
        var sealedBytes = new byte[sealedLength];
        new Random(sealedLength).NextBytes(sealedBytes);
        var expected = FrameCodec.ToFrameBytes(new ServerFrame
        {
            Delivery = new Delivery { From = from, Sealed = ByteString.CopyFrom(sealedBytes) },
        });

        var actual = DeliveryFrame.Encode(from, new ReadOnlySequence<byte>(sealedBytes));

        Assert.Equal(expected, actual);
        Assert.Equal(expected.Length - ProtocolConstants.LengthPrefixBytes, DeliveryFrame.BodySize(System.Text.Encoding.UTF8.GetByteCount(from), sealedLength));
        var parsed = ParseFrame(actual);
        Assert.Equal(from, parsed.Delivery.From);
        Assert.Equal(sealedBytes, parsed.Delivery.Sealed.ToByteArray());
    }

    [Theory]
    [MemberData(nameof(SendAcksCases))]
    public void A_send_acks_frame_matches_the_generated_serializer(ulong upTo)
    {
        var expected = new ServerFrame { SendAcks = new SendAcks { UpTo = upTo } }.ToByteArray();

        var size = SendAcksFrame.BodySize(upTo);
        var actual = new byte[size + 8];
        var written = SendAcksFrame.WriteBody(actual, upTo);

        Assert.Equal(expected.Length, size);
        Assert.Equal(size, written);
        Assert.Equal(expected, actual[..written]);
        Assert.Equal(upTo, ServerFrame.Parser.ParseFrom(actual, 0, written).SendAcks.UpTo);
    }

    private static ServerFrame ParseFrame(byte[] frame)
    {
        var bodyLength = BinaryPrimitives.ReadUInt32BigEndian(frame);
        Assert.Equal(frame.Length - ProtocolConstants.LengthPrefixBytes, (int)bodyLength);
        return FrameCodec.ParseServerFrame(new ReadOnlySequence<byte>(frame, ProtocolConstants.LengthPrefixBytes, (int)bodyLength));
    }
}
