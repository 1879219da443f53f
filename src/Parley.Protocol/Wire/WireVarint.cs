namespace Parley.Protocol.Wire;

/// <summary>
/// Protobuf base-128 varints, for the frames the relay lays out by hand (<see cref="DeliveryFrame"/>,
/// <see cref="SendOkFrame"/>, <see cref="SegmentChunkFrame"/>); sizes come from Google.Protobuf's own <c>CodedOutputStream.Compute*</c>.
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
}
