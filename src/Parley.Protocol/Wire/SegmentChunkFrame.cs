using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace Parley.Protocol.Wire;

/// <summary>
/// A successful <c>ServerFrame{segment_chunk: SegmentChunk{request_id, offset, total_bytes, data, last}}</c>
/// frame laid out straight into the connection's output from the segment's bytes: one copy of the data,
/// no message objects per chunk. The bytes are exactly what <c>ServerFrame.WriteTo</c> produces for the
/// same chunk (tests compare the two); error chunks (code, message) go through the generated codec.
/// </summary>
public static class SegmentChunkFrame
{
    private const int ServerFrameSegmentChunkField = 13;
    private const byte SegmentChunkTag = (ServerFrameSegmentChunkField << 3) | 2;
    private const byte RequestIdTag = 1 << 3;
    private const byte OffsetTag = 4 << 3;
    private const byte TotalBytesTag = 5 << 3;
    private const byte DataTag = (6 << 3) | 2;
    private const byte LastTag = 7 << 3;

    // Length prefix, the segment_chunk tag and length, three tagged 64-bit varints, the data tag and length.
    private const int MaxHeaderBytes = ProtocolConstants.LengthPrefixBytes + 1 + 5 + (3 * 11) + 1 + 5;

    /// <summary>The frame's body size (without the length prefix), as <c>ServerFrame.CalculateSize()</c> gives it.</summary>
    public static int BodySize(ulong requestId, ulong offset, ulong totalBytes, int dataBytes, bool last)
    {
        var chunk = ChunkSize(requestId, offset, totalBytes, dataBytes, last);
        return 1 + CodedOutputStream.ComputeLengthSize(chunk) + chunk;
    }

    /// <summary>Writes the length prefix and the body into <paramref name="destination"/>.</summary>
    /// <returns>Bytes written: <see cref="ProtocolConstants.LengthPrefixBytes"/> plus <see cref="BodySize"/>.</returns>
    public static int Write(Span<byte> destination, ulong requestId, ulong offset, ulong totalBytes, ReadOnlySpan<byte> data, bool last)
    {
        var chunk = ChunkSize(requestId, offset, totalBytes, data.Length, last);
        var body = 1 + CodedOutputStream.ComputeLengthSize(chunk) + chunk;
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)body);
        var at = ProtocolConstants.LengthPrefixBytes;
        destination[at++] = SegmentChunkTag;
        at += WireVarint.Write(destination[at..], (ulong)chunk);
        at += WriteField(destination[at..], RequestIdTag, requestId);
        at += WriteField(destination[at..], OffsetTag, offset);
        at += WriteField(destination[at..], TotalBytesTag, totalBytes);
        if (!data.IsEmpty)
        {
            destination[at++] = DataTag;
            at += WireVarint.Write(destination[at..], (ulong)data.Length);
            data.CopyTo(destination[at..]);
            at += data.Length;
        }

        if (last)
        {
            destination[at++] = LastTag;
            destination[at++] = 1;
        }

        return at;
    }

    /// <summary>
    /// Writes the same frame into <paramref name="output"/>: the fields around the data laid out in place, the data
    /// copied straight into the output's own buffers in as many pieces as they come in (a socket pipe's are 4 KiB),
    /// so a frame larger than one buffer needs no buffer of its own size.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, ulong requestId, ulong offset, ulong totalBytes, ReadOnlySpan<byte> data, bool last)
    {
        var chunk = ChunkSize(requestId, offset, totalBytes, data.Length, last);
        var body = 1 + CodedOutputStream.ComputeLengthSize(chunk) + chunk;
        var header = output.GetSpan(MaxHeaderBytes);
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)body);
        var at = ProtocolConstants.LengthPrefixBytes;
        header[at++] = SegmentChunkTag;
        at += WireVarint.Write(header[at..], (ulong)chunk);
        at += WriteField(header[at..], RequestIdTag, requestId);
        at += WriteField(header[at..], OffsetTag, offset);
        at += WriteField(header[at..], TotalBytesTag, totalBytes);
        if (!data.IsEmpty)
        {
            header[at++] = DataTag;
            at += WireVarint.Write(header[at..], (ulong)data.Length);
        }

        output.Advance(at);
        output.Write(data);
        if (last)
        {
            var trailer = output.GetSpan(2);
            trailer[0] = LastTag;
            trailer[1] = 1;
            output.Advance(2);
        }
    }

    // proto3: zero numbers, empty bytes and false are not written at all.
    private static int ChunkSize(ulong requestId, ulong offset, ulong totalBytes, int dataBytes, bool last) =>
        FieldSize(requestId) + FieldSize(offset) + FieldSize(totalBytes)
        + (dataBytes > 0 ? 1 + CodedOutputStream.ComputeLengthSize(dataBytes) + dataBytes : 0)
        + (last ? 2 : 0);

    private static int FieldSize(ulong value) => value == 0 ? 0 : 1 + CodedOutputStream.ComputeUInt64Size(value);

    private static int WriteField(Span<byte> destination, byte tag, ulong value)
    {
        if (value == 0)
        {
            return 0;
        }

        destination[0] = tag;
        return 1 + WireVarint.Write(destination[1..], value);
    }
}
