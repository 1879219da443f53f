using System.Buffers.Binary;
using System.Text;

namespace Parley.Crypto.Envelope;

/// <summary>
/// The exact bytes that bind a sealed message together, independent of protobuf encoding:
/// the header is the AES-GCM associated data, and the signature covers header and ciphertext.
/// docs/security.md gives the layout.
/// </summary>
internal static class SealTranscript
{
    private static ReadOnlySpan<byte> SignatureLabel => "PARLEY-SEAL-V1\0"u8;

    /// <summary>
    /// uint32be version | uint32be len | sender UTF-8 | uint32be len | recipient UTF-8 |
    /// message id (16) | int64be sent_at_ms | sender key id (32) | recipient key id (32).
    /// </summary>
    public static byte[] Header(SealedMessage m)
    {
        using var stream = new MemoryStream();
        WriteUInt32(stream, m.Version);
        WriteField(stream, Encoding.UTF8.GetBytes(m.Sender));
        WriteField(stream, Encoding.UTF8.GetBytes(m.Recipient));
        stream.Write(m.MessageId.Span);
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, m.SentAtMs);
        stream.Write(time);
        stream.Write(m.SenderKeyId.Span);
        stream.Write(m.RecipientKeyId.Span);
        return stream.ToArray();
    }

    /// <summary>"PARLEY-SEAL-V1" 0x00 | header | len | wrapped key | nonce | len | ciphertext | tag.</summary>
    public static byte[] Signed(SealedMessage m, byte[] header)
    {
        using var stream = new MemoryStream();
        stream.Write(SignatureLabel);
        stream.Write(header);
        WriteField(stream, m.WrappedKey.Span);
        stream.Write(m.Nonce.Span);
        WriteField(stream, m.Ciphertext.Span);
        stream.Write(m.Tag.Span);
        return stream.ToArray();
    }

    private static void WriteField(Stream stream, ReadOnlySpan<byte> bytes)
    {
        WriteUInt32(stream, (uint)bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteUInt32(Stream stream, uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
        stream.Write(buffer);
    }
}
