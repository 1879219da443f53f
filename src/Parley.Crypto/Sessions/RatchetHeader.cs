namespace Parley.Crypto.Sessions;

/// <summary>
/// A ratchet message's clear header (docs/sessions.md §5): the sender's current ratchet public key as a
/// compressed point (33 bytes), then the previous sending chain's length and this message's number, each
/// an unsigned LEB128 varint in its shortest form (1 byte below 128, at most 5). 35 bytes in a chat.
/// </summary>
public sealed record RatchetHeader(byte[] RatchetKey, uint PreviousChainLength, uint MessageNumber)
{
    public const int MaxBytes = P256PublicKey.EncodedBytes + 5 + 5;

    public int EncodedLength => P256PublicKey.EncodedBytes + VarintLength(PreviousChainLength) + VarintLength(MessageNumber);

    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        RatchetKey.CopyTo(bytes, 0);
        var at = WriteVarint(bytes, P256PublicKey.EncodedBytes, PreviousChainLength);
        WriteVarint(bytes, at, MessageNumber);
        return bytes;
    }

    /// <summary>Reads a header from the start of <paramref name="message"/>; <paramref name="length"/> is how many bytes it took.</summary>
    /// <exception cref="SessionRejectedException">Too short, or a varint that is overlong, too large or not in its shortest form.</exception>
    public static RatchetHeader Decode(ReadOnlySpan<byte> message, out int length)
    {
        if (message.Length < P256PublicKey.EncodedBytes + 2)
        {
            throw new SessionRejectedException(SessionRejection.Malformed, "the message is shorter than a ratchet header");
        }

        var key = message[..P256PublicKey.EncodedBytes].ToArray();
        length = P256PublicKey.EncodedBytes;
        var previous = ReadVarint(message, ref length);
        var number = ReadVarint(message, ref length);
        return new RatchetHeader(key, previous, number);
    }

    private static int VarintLength(uint value) => value switch
    {
        < 1u << 7 => 1,
        < 1u << 14 => 2,
        < 1u << 21 => 3,
        < 1u << 28 => 4,
        _ => 5,
    };

    private static int WriteVarint(byte[] bytes, int at, uint value)
    {
        while (value >= 0x80)
        {
            bytes[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[at++] = (byte)value;
        return at;
    }

    private static uint ReadVarint(ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (at >= bytes.Length)
            {
                throw new SessionRejectedException(SessionRejection.Malformed, "the ratchet header ends inside a number");
            }

            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (value > uint.MaxValue || (b == 0 && shift > 0))
                {
                    throw new SessionRejectedException(SessionRejection.Malformed, "a ratchet header number is too large or not in its shortest form");
                }

                return (uint)value;
            }
        }

        throw new SessionRejectedException(SessionRejection.Malformed, "a ratchet header number is longer than 5 bytes");
    }
}
