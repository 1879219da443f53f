using System.Buffers;

namespace Parley.Protocol.Wire;

/// <summary>
/// Protobuf base-128 varints, for the frames the relay lays out by hand (<see cref="DeliveryFrame"/>,
/// <see cref="SendAcksFrame"/>, <see cref="SegmentChunkFrame"/>); sizes come from Google.Protobuf's own <c>CodedOutputStream.Compute*</c>.
/// </summary>
internal static class WireVarint
{
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    // Only canonical-range varints: at most 10 bytes, the 10th holding bit 63 alone.
    public static bool TryRead(ref SequenceReader<byte> reader, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (!reader.TryRead(out var b) || (shift == 63 && b > 1))
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A length prefix no longer than what is left to read.</summary>
    public static bool TryReadLength(ref SequenceReader<byte> reader, out int length)
    {
        length = 0;
        if (!TryRead(ref reader, out var value) || value > (ulong)reader.Remaining)
        {
            return false;
        }

        length = (int)value;
        return true;
    }
}
