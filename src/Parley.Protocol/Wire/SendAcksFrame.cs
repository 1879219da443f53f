using Google.Protobuf;

namespace Parley.Protocol.Wire;

/// <summary>
/// The body of <c>ServerFrame{send_acks: SendAcks{up_to}}</c> (v3), written straight into the output: the answer to
/// every plainly delivered send, once per read turn, so it gets no message objects.
/// The bytes are exactly what <c>ServerFrame.WriteTo</c> produces (tests compare the two).
/// </summary>
public static class SendAcksFrame
{
    // ServerFrame.send_acks is field 18, length-delimited: tag (18 << 3) | 2 = 146, a two-byte varint.
    private const byte SendAcksTagLow = 0x92;
    private const byte SendAcksTagHigh = 0x01;
    private const byte UpToTag = 1 << 3;

    public static int BodySize(ulong upTo)
    {
        var acks = AcksSize(upTo);
        return 2 + CodedOutputStream.ComputeLengthSize(acks) + acks;
    }

    /// <returns>The number of bytes written (<see cref="BodySize"/>).</returns>
    public static int WriteBody(Span<byte> destination, ulong upTo)
    {
        var at = 0;
        destination[at++] = SendAcksTagLow;
        destination[at++] = SendAcksTagHigh;
        at += WireVarint.Write(destination[at..], (ulong)AcksSize(upTo));
        if (upTo != 0)
        {
            destination[at++] = UpToTag;
            at += WireVarint.Write(destination[at..], upTo);
        }

        return at;
    }

    private static int AcksSize(ulong upTo) => upTo != 0 ? 1 + CodedOutputStream.ComputeUInt64Size(upTo) : 0;
}
