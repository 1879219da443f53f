using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Parley.Crypto;

/// <summary>
/// How a server's TLS identity is named and pinned: "SHA256:" and the unpadded base64 of SHA-256 over the
/// certificate's SubjectPublicKeyInfo, written as OpenSSH writes host key fingerprints. The key, not the
/// certificate, is hashed, so a certificate renewed over the same key keeps its fingerprint.
/// </summary>
public static class ServerFingerprint
{
    public const string Prefix = "SHA256:";

    public static string Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Format(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>A fingerprint as typed (surrounding blanks ignored; the prefix is case-insensitive); null if it is not one.</summary>
    public static string? Normalize(string? typed)
    {
        var text = typed?.Trim();
        if (text is null || !text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var digest = text[Prefix.Length..].TrimEnd('=');
        var padded = digest + new string('=', (4 - (digest.Length % 4)) % 4);
        var bytes = new byte[SHA256.HashSizeInBytes];
        return Convert.TryFromBase64String(padded, bytes, out var written) && written == bytes.Length ? Format(bytes) : null;
    }

    private static string Format(ReadOnlySpan<byte> digest) => Prefix + Convert.ToBase64String(digest).TrimEnd('=');
}
