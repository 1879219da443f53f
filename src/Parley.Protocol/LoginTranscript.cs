using System.Buffers.Binary;
using System.Text;

namespace Parley.Protocol;

/// <summary>
/// The bytes a client signs to log in (since protocol version 2; unchanged in 3):
/// "PARLEY-LOGIN-V2" 0x00 | challenge | uint32be(len(binding)) | binding | uint32be(len(name)) | UTF-8 name
/// | uint32be(len(key)) | key (SPKI DER). The binding is the connection's tls-server-end-point channel binding
/// (RFC 5929), empty over plain TCP, so a signed login is good for one server only.
/// </summary>
public static class LoginTranscript
{
    private static ReadOnlySpan<byte> Label => "PARLEY-LOGIN-V2\0"u8;

    public static byte[] Build(ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> channelBinding, string name, ReadOnlySpan<byte> publicKeySpki)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var transcript = new byte[Label.Length + challenge.Length + 4 + channelBinding.Length + 4 + nameBytes.Length + 4 + publicKeySpki.Length];
        var span = transcript.AsSpan();
        Label.CopyTo(span);
        span = span[Label.Length..];
        challenge.CopyTo(span);
        span = span[challenge.Length..];
        span = WithLength(span, channelBinding);
        span = WithLength(span, nameBytes);
        WithLength(span, publicKeySpki);
        return transcript;
    }

    private static Span<byte> WithLength(Span<byte> span, ReadOnlySpan<byte> field)
    {
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)field.Length);
        field.CopyTo(span[4..]);
        return span[(4 + field.Length)..];
    }
}
