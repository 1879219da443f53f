using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Protocol.Tests;

/// <summary>The delivery examples of docs/protocol.md (§8 live, §12.2 from the offline queue), checked against the real encoder.</summary>
public sealed class DeliveryExampleTests
{
    private static readonly ByteString s_sealed = ByteString.CopyFrom(0xde, 0xad, 0xbe, 0xef);

    [Fact]
    public void The_live_delivery_example_matches_the_encoder()
    {
        Assert.Equal(
            "00 00 00 0f 32 0d 0a 05 61 6c 69 63 65 12 04 de ad be ef",
            Hex(new ServerFrame { Delivery = new Delivery { From = "alice", Sealed = s_sealed } }));
    }

    [Fact]
    public void The_queued_delivery_example_carries_the_wait_as_field_5_in_seconds()
    {
        var frame = new ServerFrame { Delivery = new Delivery { From = "alice", Sealed = s_sealed, QueueSeq = 1_000, QueuedForSeconds = 3_600 } };

        Assert.Equal("00 00 00 15 32 13 0a 05 61 6c 69 63 65 12 04 de ad be ef 18 e8 07 28 90 1c", Hex(frame));
    }

    [Fact]
    public void The_drafts_queued_at_ms_field_4_is_not_read_as_the_wait()
    {
        // What a server of a version 3 draft wrote: queue_seq, then queued_at_ms (field 4, Unix ms), now reserved.
        var body = new Delivery { From = "alice", Sealed = s_sealed, QueueSeq = 1 }.ToByteArray()
            .Concat(VarintField(4, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).ToArray();

        var delivery = Delivery.Parser.ParseFrom(body);

        Assert.Equal((1ul, 0u), (delivery.QueueSeq, delivery.QueuedForSeconds));
    }

    private static byte[] VarintField(int number, ulong value)
    {
        using var bytes = new MemoryStream();
        var output = new CodedOutputStream(bytes);
        output.WriteTag(number, WireFormat.WireType.Varint);
        output.WriteUInt64(value);
        output.Flush();
        return bytes.ToArray();
    }

    private static string Hex(ServerFrame frame) =>
        string.Join(' ', FrameCodec.ToFrameBytes(frame).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
