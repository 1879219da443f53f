using System.Security.Cryptography;

namespace Parley.Crypto.Sessions;

/// <summary>The Double Ratchet's key derivations (Signal's spec §3.1 and §5.2: KDF_RK and KDF_CK with the recommended primitives).</summary>
internal static class RatchetKdf
{
    private static readonly byte[] s_messageKeyInput = [0x01];
    private static readonly byte[] s_chainKeyInput = [0x02];
    private static readonly byte[] s_messageNonce = new byte[SessionSuite.NonceBytes];

    /// <summary>KDF_RK: HKDF-SHA-256 with the root key as salt and the DH output as input, 64 bytes: new root key ‖ chain key.</summary>
    public static (byte[] RootKey, byte[] ChainKey) Root(byte[] rootKey, byte[] dhOutput)
    {
        var output = HKDF.DeriveKey(HashAlgorithmName.SHA256, dhOutput, 2 * SessionSuite.KeyBytes, rootKey, SessionSuite.RootInfo.ToArray());
        CryptographicOperations.ZeroMemory(dhOutput);
        return (output[..SessionSuite.KeyBytes], output[SessionSuite.KeyBytes..]);
    }

    /// <summary>KDF_CK: message key = HMAC-SHA-256(chain key, 0x01), next chain key = HMAC-SHA-256(chain key, 0x02).</summary>
    public static (byte[] ChainKey, byte[] MessageKey) Chain(byte[] chainKey)
    {
        // One keyed HMAC context for both: two one-shot HMACs set the key up twice, which costs more than the hashing.
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, chainKey);
        hmac.AppendData(s_chainKeyInput);
        var nextChainKey = hmac.GetHashAndReset();
        hmac.AppendData(s_messageKeyInput);
        return (nextChainKey, hmac.GetHashAndReset());
    }

    /// <summary>
    /// AES-256-GCM's nonce under a message key, which is itself the AES key. Each message key seals exactly one
    /// message, so the nonce can be a constant (the Double Ratchet spec, §3.1 ENCRYPT, lists this among the sound
    /// choices), and the HMAC output is already a uniform key: expanding it by HKDF into a key and a nonce added a call
    /// per message and nothing else (docs/sessions.md §4).
    /// </summary>
    public static ReadOnlySpan<byte> MessageNonce => s_messageNonce;
}
