namespace Parley.Crypto.Sessions;

/// <summary>
/// Pads a plaintext so the whole ratchet message (header + ciphertext + tag) is a bucket size, which is
/// all an observer sees (docs/sessions.md §7). Buckets: 64 bytes at least, then multiples of
/// max(16, 2^(⌊log2 L⌋ - 4)): at most 1/16 (6.25%) more than needed, never finer than 16 bytes (Padmé's
/// shape with a 16-byte floor). Padding is ISO/IEC 7816-4: 0x80 then zeros, so it costs at least one byte.
/// </summary>
public static class MessagePadding
{
    public const int MinBucket = 64;
    private const int MinStep = 16;

    /// <summary>The smallest bucket that holds <paramref name="length"/> bytes.</summary>
    public static int Bucket(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length <= MinBucket)
        {
            return MinBucket;
        }

        var step = Math.Max(MinStep, 1 << (int.Log2(length) - 4));
        return checked((length + step - 1) / step * step);
    }

    /// <summary><paramref name="content"/> ‖ 0x80 ‖ zeros, <paramref name="paddedLength"/> bytes in all.</summary>
    public static byte[] Pad(ReadOnlySpan<byte> content, int paddedLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(paddedLength, content.Length + 1);
        var padded = new byte[paddedLength];
        content.CopyTo(padded);
        padded[content.Length] = 0x80;
        return padded;
    }

    /// <summary>The content before the last 0x80.</summary>
    /// <exception cref="SessionRejectedException">Not padded as <see cref="Pad"/> pads.</exception>
    public static byte[] Unpad(ReadOnlySpan<byte> padded)
    {
        var marker = padded.LastIndexOfAnyExcept((byte)0);
        if (marker < 0 || padded[marker] != 0x80)
        {
            throw new SessionRejectedException(SessionRejection.Malformed, "the opened message is not padded as Parley pads");
        }

        return padded[..marker].ToArray();
    }
}
