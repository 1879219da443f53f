using System.Buffers.Binary;
using System.Text;

namespace Parley.Protocol;

/// <summary>
/// The bytes a client signs to log in:
/// "PARLEY-LOGIN-V1" 0x00 | challenge | uint32be(len(name)) | UTF-8 name | uint32be(len(key)) | key (SPKI DER).
/// </summary>
public static class LoginTranscript
{
    private static ReadOnlySpan<byte> Label => "PARLEY-LOGIN-V1\0"u8;

    public static byte[] Build(ReadOnlySpan<byte> challenge, string name, ReadOnlySpan<byte> publicKeySpki)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var transcript = new byte[Label.Length + challenge.Length + 4 + nameBytes.Length + 4 + publicKeySpki.Length];
        var span = transcript.AsSpan();
        Label.CopyTo(span);
        span = span[Label.Length..];
        challenge.CopyTo(span);
        span = span[challenge.Length..];
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)nameBytes.Length);
        nameBytes.CopyTo(span[4..]);
        span = span[(4 + nameBytes.Length)..];
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)publicKeySpki.Length);
        publicKeySpki.CopyTo(span[4..]);
        return transcript;
    }
}
