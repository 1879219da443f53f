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
/// (tests compare the two), into a new array or one the caller provides.
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
        var fromUtf8 = Encoding.UTF8.GetBytes(from);
        var frame = GC.AllocateUninitializedArray<byte>(ProtocolConstants.LengthPrefixBytes + BodySize(fromUtf8.Length, (int)sealedBytes.Length));
        Encode(fromUtf8, sealedBytes, frame);
        return frame;
    }

    /// <summary>
    /// Lays the whole frame out at the start of <paramref name="destination"/>, which must hold at least the length
    /// prefix and <see cref="BodySize"/> bytes (a pooled buffer, say); returns how many bytes it wrote.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> fromUtf8, in ReadOnlySequence<byte> sealedBytes, Span<byte> destination)
    {
        var bodySize = BodySize(fromUtf8.Length, (int)sealedBytes.Length);
        var span = destination[..(ProtocolConstants.LengthPrefixBytes + bodySize)];
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)bodySize);
        var at = ProtocolConstants.LengthPrefixBytes;
        span[at++] = DeliveryTag;
        at += WireVarint.Write(span[at..], (ulong)DeliverySize(fromUtf8.Length, (int)sealedBytes.Length));
        if (!fromUtf8.IsEmpty)
        {
            span[at++] = FromTag;
            at += WireVarint.Write(span[at..], (ulong)fromUtf8.Length);
            fromUtf8.CopyTo(span[at..]);
            at += fromUtf8.Length;
        }

        if (!sealedBytes.IsEmpty)
        {
            span[at++] = SealedTag;
            at += WireVarint.Write(span[at..], (ulong)sealedBytes.Length);
            sealedBytes.CopyTo(span[at..]);
        }

        return span.Length;
    }

    // proto3: empty strings and bytes are not written at all.
    private static int DeliverySize(int fromBytes, int sealedBytes) =>
        (fromBytes > 0 ? 1 + CodedOutputStream.ComputeLengthSize(fromBytes) + fromBytes : 0)
        + (sealedBytes > 0 ? 1 + CodedOutputStream.ComputeLengthSize(sealedBytes) + sealedBytes : 0);
}
