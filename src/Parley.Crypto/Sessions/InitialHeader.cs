using System.Buffers.Binary;

namespace Parley.Crypto.Sessions;

/// <summary>
/// What the initiator's first messages carry so the responder can run the agreement (docs/sessions.md §3):
/// the initiator's signed identity agreement key, its ephemeral key, the ids of the prekeys it used and
/// the ML-KEM ciphertext. Sent with every message until the responder's first reply arrives.
/// </summary>
public sealed record InitialHeader(
    SignedPublicKey IdentityAgreementKey,
    byte[] EphemeralKey,
    uint SignedPrekeyId,
    uint PostQuantumPrekeyId,
    uint? OneTimePrekeyId,
    byte[] KemCiphertext)
{
    public const byte Version = 1;

    /// <summary>An RSA-4096 signature is 512 bytes; nothing longer is read.</summary>
    private const int MaxSignatureBytes = 512;

    /// <summary>
    /// uint8 version | int64be IA created_at_ms | uint16be len | IA signature | IA (33) | EK (33)
    /// | uint32be SPK id | uint32be PQ prekey id | uint8 has-OPK | [uint32be OPK id] | KEM ciphertext (1088).
    /// </summary>
    public byte[] Encode()
    {
        var signature = IdentityAgreementKey.Signature;
        var length = 1 + 8 + 2 + signature.Length + P256PublicKey.EncodedBytes * 2 + 4 + 4 + 1 + (OneTimePrekeyId is null ? 0 : 4) + MlKem768.CiphertextBytes;
        var bytes = new byte[length];
        var writer = new SpanWriter(bytes);
        writer.Byte(Version);
        writer.Int64(IdentityAgreementKey.CreatedAtMs);
        writer.UInt16((ushort)signature.Length);
        writer.Bytes(signature);
        writer.Bytes(IdentityAgreementKey.PublicKey);
        writer.Bytes(EphemeralKey);
        writer.UInt32(SignedPrekeyId);
        writer.UInt32(PostQuantumPrekeyId);
        writer.Byte(OneTimePrekeyId is null ? (byte)0 : (byte)1);
        if (OneTimePrekeyId is { } id)
        {
            writer.UInt32(id);
        }

        writer.Bytes(KemCiphertext);
        return bytes;
    }

    /// <exception cref="SessionRejectedException">Not a version-1 initial header of exactly this layout.</exception>
    public static InitialHeader Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new SpanReader(bytes);
        var version = reader.Byte();
        if (version != Version)
        {
            throw new SessionRejectedException(SessionRejection.UnsupportedVersion, $"initial header version {version} is not supported");
        }

        var createdAtMs = reader.Int64();
        var signatureLength = reader.UInt16();
        if (signatureLength > MaxSignatureBytes)
        {
            throw new SessionRejectedException(SessionRejection.Malformed, "the identity agreement key's signature is too long");
        }

        var signature = reader.Bytes(signatureLength);
        var identityKey = reader.Bytes(P256PublicKey.EncodedBytes);
        var ephemeral = reader.Bytes(P256PublicKey.EncodedBytes);
        var signedPrekeyId = reader.UInt32();
        var postQuantumPrekeyId = reader.UInt32();
        uint? oneTimePrekeyId = reader.Byte() switch
        {
            0 => null,
            1 => reader.UInt32(),
            _ => throw new SessionRejectedException(SessionRejection.Malformed, "the one-time prekey flag is neither 0 nor 1"),
        };
        var ciphertext = reader.Bytes(MlKem768.CiphertextBytes);
        reader.End();
        return new InitialHeader(
            new SignedPublicKey(PrekeyKind.IdentityAgreement, 0, createdAtMs, identityKey, signature),
            ephemeral,
            signedPrekeyId,
            postQuantumPrekeyId,
            oneTimePrekeyId,
            ciphertext);
    }
}
