using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Parley.Protocol;

namespace Parley.Protocol.Wire;

/// <summary>
/// A whole <c>ServerFrame{delivery: Delivery{from, sealed}}</c> frame (length prefix included) laid out
/// straight from the sender's name and sealed bytes: one array, one copy of the sealed bytes, and no
/// message objects per relayed message. The bytes are exactly what <c>ServerFrame.WriteTo</c> produces
/// (tests compare the two), and one array is shared by all of the recipient's connections.
/// </summary>
public static class DeliveryFrame
{
    private const int ServerFrameDeliveryField = 6;
    private const byte DeliveryTag = (ServerFrameDeliveryField << 3) | 2;
    private const byte FromTag = (1 << 3) | 2;
    private const byte SealedTag = (2 << 3) | 2;

    /// <summary>The frame's body size (without the length prefix), as <c>ServerFrame.CalculateSize()</c> gives it.</summary>
    public static int BodySize(int fromBytes, int sealedBytes)
    {
        var delivery = DeliverySize(fromBytes, sealedBytes);
        return 1 + CodedOutputStream.ComputeLengthSize(delivery) + delivery;
    }

    public static byte[] Encode(string from, in ReadOnlySequence<byte> sealedBytes)
    {
        var fromBytes = Encoding.UTF8.GetByteCount(from);
        var bodySize = BodySize(fromBytes, (int)sealedBytes.Length);
        var frame = GC.AllocateUninitializedArray<byte>(ProtocolConstants.LengthPrefixBytes + bodySize);
        var span = frame.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)bodySize);
        var at = ProtocolConstants.LengthPrefixBytes;
        span[at++] = DeliveryTag;
        at += WireVarint.Write(span[at..], (ulong)DeliverySize(fromBytes, (int)sealedBytes.Length));
        if (fromBytes > 0)
        {
            span[at++] = FromTag;
            at += WireVarint.Write(span[at..], (ulong)fromBytes);
            at += Encoding.UTF8.GetBytes(from, span[at..]);
        }

        if (!sealedBytes.IsEmpty)
        {
            span[at++] = SealedTag;
            at += WireVarint.Write(span[at..], (ulong)sealedBytes.Length);
            sealedBytes.CopyTo(span[at..]);
        }

        return frame;
    }

    // proto3: empty strings and bytes are not written at all.
    private static int DeliverySize(int fromBytes, int sealedBytes) =>
        (fromBytes > 0 ? 1 + CodedOutputStream.ComputeLengthSize(fromBytes) + fromBytes : 0)
        + (sealedBytes > 0 ? 1 + CodedOutputStream.ComputeLengthSize(sealedBytes) + sealedBytes : 0);
}
