using System.Security.Cryptography;

namespace Parley.Crypto;

/// <summary>
/// How a public key is named. The key id is SHA-256 of the SubjectPublicKeyInfo DER; the
/// fingerprint people compare is its first 16 bytes as 8 groups of 4 hex digits.
/// </summary>
public static class KeyFingerprint
{
    public const int KeyIdBytes = 32;
    private const int FingerprintBytes = 16;

    public static byte[] KeyId(ReadOnlySpan<byte> publicKeySpki) => SHA256.HashData(publicKeySpki);

    public static string Format(ReadOnlySpan<byte> publicKeySpki) => FormatKeyId(KeyId(publicKeySpki));

    public static string FormatKeyId(ReadOnlySpan<byte> keyId)
    {
        var hex = Convert.ToHexStringLower(keyId[..FingerprintBytes]);
        return string.Join('-', Enumerable.Range(0, FingerprintBytes / 2).Select(i => hex.Substring(i * 4, 4)));
    }

    /// <summary>
    /// Whether a fingerprint someone typed (any case; groups separated by '-', ':' or spaces, or
    /// not at all) is that of <paramref name="publicKeySpki"/>.
    /// </summary>
    public static bool Matches(string typed, ReadOnlySpan<byte> publicKeySpki)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var digits = typed.Where(c => c is not ('-' or ':' or ' ')).Select(char.ToLowerInvariant).ToArray();
        return digits.Length == FingerprintBytes * 2
            && digits.All(char.IsAsciiHexDigit)
            && new string(digits) == Convert.ToHexStringLower(KeyId(publicKeySpki).AsSpan(0, FingerprintBytes));
    }
}
