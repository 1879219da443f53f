using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Parley.Protocol.Messages;

namespace Parley.Protocol;

/// <summary>
/// Length-prefixed framing: a uint32 big-endian body length, then one protobuf message.
/// Reading never copies a partial frame and checks the length before anything is allocated.
/// </summary>
public static class FrameCodec
{
    /// <summary>
    /// Tries to take one frame body off the front of <paramref name="buffer"/>.
    /// Returns false (leaving the buffer as it was) when the whole frame has not arrived yet.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The length is zero or above <paramref name="maxFrameBytes"/>.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out ReadOnlySequence<byte> body)
    {
        body = default;
        if (buffer.Length < ProtocolConstants.LengthPrefixBytes)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[ProtocolConstants.LengthPrefixBytes];
        buffer.Slice(0, ProtocolConstants.LengthPrefixBytes).CopyTo(prefix);
        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length == 0)
        {
            throw new ProtocolViolationException(ErrorCode.MalformedFrame, "frame length is zero");
        }

        if (length > (uint)maxFrameBytes)
        {
            throw new ProtocolViolationException(
                ErrorCode.FrameTooLarge,
                $"frame of {length} bytes exceeds the limit of {maxFrameBytes} bytes");
        }

        if (buffer.Length - ProtocolConstants.LengthPrefixBytes < length)
        {
            return false;
        }

        body = buffer.Slice(ProtocolConstants.LengthPrefixBytes, length);
        buffer = buffer.Slice(body.End);
        return true;
    }

    public static ClientFrame ParseClientFrame(in ReadOnlySequence<byte> body) =>
        Parse(ClientFrame.Parser, body, static f => f.BodyCase == ClientFrame.BodyOneofCase.None);

    public static ServerFrame ParseServerFrame(in ReadOnlySequence<byte> body) =>
        Parse(ServerFrame.Parser, body, static f => f.BodyCase == ServerFrame.BodyOneofCase.None);

    /// <summary>Writes one frame (length prefix and body) into <paramref name="writer"/>.</summary>
    public static void WriteFrame(IBufferWriter<byte> writer, IMessage message)
    {
        var size = message.CalculateSize();
        var span = writer.GetSpan(ProtocolConstants.LengthPrefixBytes + size);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)size);
        message.WriteTo(span.Slice(ProtocolConstants.LengthPrefixBytes, size));
        writer.Advance(ProtocolConstants.LengthPrefixBytes + size);
    }

    /// <summary>One frame as a fresh array; for tests and tools, not hot paths.</summary>
    public static byte[] ToFrameBytes(IMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteFrame(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }

    private static T Parse<T>(MessageParser<T> parser, in ReadOnlySequence<byte> body, Func<T, bool> isEmpty)
        where T : IMessage<T>
    {
        T frame;
        try
        {
            frame = parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ProtocolViolationException(ErrorCode.MalformedFrame, "frame body is not a valid message: " + ex.Message);
        }

        if (isEmpty(frame))
        {
            throw new ProtocolViolationException(ErrorCode.MalformedFrame, "frame carries no known message");
        }

        return frame;
    }
}
