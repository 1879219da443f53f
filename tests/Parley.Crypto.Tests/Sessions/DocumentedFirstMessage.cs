using System.Security.Cryptography;
using System.Text;
using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>
/// Alice's first ratchet message of docs/vectors/ratchet.json, computed from the formulas of docs/sessions.md §4 with
/// .NET's primitives directly (not through the session code), for the vector tests to compare with the files.
/// </summary>
internal static class DocumentedFirstMessage
{
    /// <summary>Its header (Alice's first ratchet key, previous chain length 0, number 0) and its message key: KDF_RK over DH(that key, Bob's signed prekey), then KDF_CK.</summary>
    public static (byte[] Header, byte[] MessageKey) Keys(VectorFile ratchet, VectorFile agreement)
    {
        using var first = P256KeyPair.FromPrivate(ratchet.Hex("alice_first_ratchet_private_hex"));
        using var bobSigned = P256PublicKey.Import(agreement.Hex("bob_signed_prekey_public_hex"));
        var root = HKDF.DeriveKey(HashAlgorithmName.SHA256, first.Agree(bobSigned), 64, ratchet.Hex("shared_secret_hex"), "Parley_Ratchet_Root_v1"u8.ToArray());
        return ([.. first.PublicKey, 0x00, 0x00], HMACSHA256.HashData(root[32..], new byte[] { 0x01 }));
    }

    /// <summary>header ‖ AES-256-GCM(key = the message key, nonce = 12 zero bytes) of the text padded to the 64-byte bucket ‖ tag.</summary>
    public static byte[] Seal(byte[] header, byte[] messageKey, string text, byte[] associatedData)
    {
        var padded = new byte[64 - header.Length - 16];
        Encoding.UTF8.GetBytes(text).CopyTo(padded, 0);
        padded[Encoding.UTF8.GetByteCount(text)] = 0x80;
        var ciphertext = new byte[padded.Length];
        var tag = new byte[16];
        using (var gcm = new AesGcm(messageKey, 16))
        {
            gcm.Encrypt(new byte[12], padded, ciphertext, tag, associatedData);
        }

        return [.. header, .. ciphertext, .. tag];
    }
}
