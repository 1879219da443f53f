using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Parley.Protocol.Messages;

namespace Parley.Protocol.Wire;

/// <summary>
/// Reads a successful <c>ServerFrame{segment_chunk: SegmentChunk{request_id, offset, total_bytes, data, last}}</c>
/// body, the layout <see cref="SegmentChunkFrame"/> writes, into a <see cref="ServerFrame"/> whose data is
/// copied once into an uninitialised or pooled array (the generated parser zeroes a fresh array, then copies into it).
/// It accepts only that plain layout (the segment_chunk field alone; the fields in field order, each at most
/// once, no code or message) and answers false for anything else, which then goes through the generated
/// parser; so whatever it accepts it reads exactly as the generated parser would (tests compare the two).
/// </summary>
public static class SegmentChunkFrameReader
{
    private const byte SegmentChunkTag = (13 << 3) | 2;
    private const byte RequestIdTag = 1 << 3;
    private const byte OffsetTag = 4 << 3;
    private const byte TotalBytesTag = 5 << 3;
    private const byte DataTag = (6 << 3) | 2;
    private const byte LastTag = 7 << 3;

    public static bool TryRead(in ReadOnlySequence<byte> body, [NotNullWhen(true)] out ServerFrame? frame) =>
        TryRead(body, pooled: false, out frame);

    /// <param name="pooled">
    /// Puts the data into <see cref="PooledBytes"/>, whose array the consumer hands back with
    /// <see cref="PooledBytes.Return"/> once it has used the data.
    /// </param>
    public static bool TryRead(in ReadOnlySequence<byte> body, bool pooled, [NotNullWhen(true)] out ServerFrame? frame)
    {
        frame = null;
        var reader = new SequenceReader<byte>(body);
        if (!reader.TryRead(out var tag) || tag != SegmentChunkTag
            || !WireVarint.TryReadLength(ref reader, out var chunkLength) || chunkLength != reader.Remaining)
        {
            return false;
        }

        ulong requestId = 0, offset = 0, totalBytes = 0;
        var data = ByteString.Empty;
        var last = false;
        var lastField = 0;
        while (reader.TryRead(out tag))
        {
            var field = tag >> 3;
            if (field <= lastField)
            {
                return false;
            }

            lastField = field;
            switch (tag)
            {
                case RequestIdTag when WireVarint.TryRead(ref reader, out requestId):
                    break;
                case OffsetTag when WireVarint.TryRead(ref reader, out offset):
                    break;
                case TotalBytesTag when WireVarint.TryRead(ref reader, out totalBytes):
                    break;
                case DataTag when WireVarint.TryReadLength(ref reader, out var dataLength):
                    data = Copy(reader.UnreadSequence.Slice(0, dataLength), pooled);
                    reader.Advance(dataLength);
                    break;
                case LastTag when WireVarint.TryRead(ref reader, out var flag):
                    last = flag != 0;
                    break;
                default:
                    return false;
            }
        }

        frame = new ServerFrame
        {
            SegmentChunk = new SegmentChunk
            {
                RequestId = requestId,
                Offset = offset,
                TotalBytes = totalBytes,
                Data = data,
                Last = last,
            },
        };
        return true;
    }

    private static ByteString Copy(in ReadOnlySequence<byte> source, bool pooled)
    {
        var length = (int)source.Length;
        if (length == 0)
        {
            return ByteString.Empty;
        }

        if (pooled)
        {
            var bytes = PooledBytes.Rent(length);
            source.CopyTo(bytes.GetSpan());
            return UnsafeByteOperations.UnsafeWrap(bytes.Memory);
        }

        var array = GC.AllocateUninitializedArray<byte>(length);
        source.CopyTo(array);
        return UnsafeByteOperations.UnsafeWrap(array);
    }
}
