namespace Parley.Crypto.Sessions;

/// <summary>The fixed names and sizes of session cryptography, version 1 (docs/sessions.md).</summary>
internal static class SessionSuite
{
    /// <summary>HKDF info of the agreement: names curve, hash, KEM and version, so no other protocol derives the same key.</summary>
    public static ReadOnlySpan<byte> AgreementInfo => "Parley_PQXDH_P-256_SHA-256_ML-KEM-768_v1"u8;

    /// <summary>HKDF info of KDF_RK: the root key is the salt, the DH output the input.</summary>
    public static ReadOnlySpan<byte> RootInfo => "Parley_Ratchet_Root_v1"u8;

    public const int KeyBytes = 32;
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    /// <summary>Agreement IKM starts with 32 bytes of 0xFF (X3DH §2.2: keeps it apart from any X25519/X448 IKM in other protocols).</summary>
    public const byte AgreementPrefixByte = 0xFF;
}
