using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Parley.Crypto;

/// <summary>
/// RFC 5929's tls-server-end-point channel binding: a hash of the server certificate's DER, with the hash
/// of the certificate's signature algorithm, except that MD5 and SHA-1 become SHA-256. Both ends compute
/// it, the server from its own certificate, the client from the one it received, and the login signs it:
/// a login relayed through anyone holding another certificate carries the wrong binding.
/// </summary>
public static class TlsServerEndPoint
{
    public static byte[] Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var der = certificate.RawData;
        return HashNameOf(certificate.SignatureAlgorithm.Value) switch
        {
            "SHA384" => SHA384.HashData(der),
            "SHA512" => SHA512.HashData(der),
            _ => SHA256.HashData(der),
        };
    }

    private static string HashNameOf(string? signatureOid) => signatureOid switch
    {
        "1.2.840.10045.4.3.3" or "1.2.840.113549.1.1.12" => "SHA384", // ecdsa-with-SHA384, sha384WithRSAEncryption
        "1.2.840.10045.4.3.4" or "1.2.840.113549.1.1.13" => "SHA512", // ecdsa-with-SHA512, sha512WithRSAEncryption
        _ => "SHA256", // SHA-256 signatures, and MD5 / SHA-1 ones as the RFC says; RSA-PSS names its hash in parameters: SHA-256 here
    };
}
