using System.Security.Cryptography;

namespace Parley.Crypto;

/// <summary>The RSA parameters every Parley identity uses.</summary>
public static class RsaKeyRules
{
    public const int GeneratedKeyBits = 3072;
    public const int MinKeyBits = 3072;
    public const int MaxKeyBits = 4096;

    /// <summary>The only public exponent accepted, in every key (F4, what every RSA library generates).</summary>
    public const int PublicExponent = 65537;

    public static readonly RSAEncryptionPadding KeyTransportPadding = RSAEncryptionPadding.OaepSHA256;

    /// <summary>PSS with MGF1-SHA256 and a salt as long as the hash (32 bytes).</summary>
    public static readonly RSASignaturePadding SignaturePadding = RSASignaturePadding.Pss;

    public static readonly HashAlgorithmName Hash = HashAlgorithmName.SHA256;
}
