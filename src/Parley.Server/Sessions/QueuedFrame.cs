using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;

namespace Parley.Server.Sessions;

/// <summary>
/// A frame waiting in an <see cref="Outbox"/>, in one of four forms: a message to serialize, a whole
/// frame already encoded (a <see cref="DeliveryFrame"/>), a <see cref="SendAcksFrame"/>, or an
/// <see cref="IOutboundFrame"/> that writes itself.
/// <see cref="Size"/> is the body size (without the length prefix), computed once; the byte budget counts it.
/// </summary>
internal readonly struct QueuedFrame
{
    private QueuedFrame(ServerFrame? message, byte[]? encoded, ulong acksUpTo, int size, IOutboundFrame? outbound = null)
    {
        Outbound = outbound;
        Message = message;
        Encoded = encoded;
        AcksUpTo = acksUpTo;
        Size = size;
    }

    public ServerFrame? Message { get; }

    public IOutboundFrame? Outbound { get; }

    /// <summary>Length prefix and body.</summary>
    public byte[]? Encoded { get; }

    /// <summary>For a <see cref="SendAcksFrame"/>: its <c>up_to</c>.</summary>
    public ulong AcksUpTo { get; }

    public int Size { get; }

    public static QueuedFrame Of(ServerFrame message) => new(message, null, 0, message.CalculateSize());

    public static QueuedFrame Of(ServerFrame message, int size) => new(message, null, 0, size);

    public static QueuedFrame OfEncoded(byte[] frame, int bodySize) => new(null, frame, 0, bodySize);

    public static QueuedFrame Of(IOutboundFrame frame, int bodySize) => new(null, null, 0, bodySize, frame);

    public static QueuedFrame SendAcks(ulong upTo) => new(null, null, upTo, SendAcksFrame.BodySize(upTo));

    /// <summary>Writes the whole frame, length prefix and body, to <paramref name="output"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        if (Outbound is { } outbound)
        {
            outbound.WriteTo(output);
            return;
        }

        if (Encoded is { } encoded)
        {
            output.Write(encoded);
            return;
        }

        var span = output.GetSpan(ProtocolConstants.LengthPrefixBytes + Size);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)Size);
        var body = span.Slice(ProtocolConstants.LengthPrefixBytes, Size);
        if (Message is { } message)
        {
            message.WriteTo(body);
        }
        else
        {
            SendAcksFrame.WriteBody(body, AcksUpTo);
        }

        output.Advance(ProtocolConstants.LengthPrefixBytes + Size);
    }
}
