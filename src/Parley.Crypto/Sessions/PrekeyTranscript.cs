using System.Buffers.Binary;

namespace Parley.Crypto.Sessions;

/// <summary>
/// The bytes an RSA identity signs to vouch for one of its session keys (docs/sessions.md §2):
/// "PARLEY-PREKEY-V1" 0x00 | uint8 kind | owner RSA key id (32) | uint32be key id | int64be created_at_ms
/// | uint32be len | public key.
/// </summary>
internal static class PrekeyTranscript
{
    private static ReadOnlySpan<byte> Label => "PARLEY-PREKEY-V1\0"u8;

    public static byte[] Build(PrekeyKind kind, ReadOnlySpan<byte> ownerKeyId, uint keyId, long createdAtMs, ReadOnlySpan<byte> publicKey)
    {
        var transcript = new byte[Label.Length + 1 + ownerKeyId.Length + 4 + 8 + 4 + publicKey.Length];
        var span = transcript.AsSpan();
        Label.CopyTo(span);
        span = span[Label.Length..];
        span[0] = (byte)kind;
        span = span[1..];
        ownerKeyId.CopyTo(span);
        span = span[ownerKeyId.Length..];
        BinaryPrimitives.WriteUInt32BigEndian(span, keyId);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], createdAtMs);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], (uint)publicKey.Length);
        publicKey.CopyTo(span[16..]);
        return transcript;
    }
}
