using System.Security.Cryptography;

namespace Parley.Crypto;

/// <summary>A client's own RSA key pair: signs, unwraps message keys, and knows its public half.</summary>
public sealed class Identity : IDisposable
{
    private readonly RSA _rsa;

    private Identity(RSA rsa)
    {
        _rsa = rsa;
        PublicKey = PeerKey.FromSpki(rsa.ExportSubjectPublicKeyInfo());
    }

    public PeerKey PublicKey { get; }

    public string Fingerprint => PublicKey.Fingerprint;

    public static Identity Generate() => new(RSA.Create(RsaKeyRules.GeneratedKeyBits));

    /// <summary>Reads a PKCS#8 "PRIVATE KEY" PEM as written by <see cref="ExportPrivateKeyPem"/>.</summary>
    /// <exception cref="InvalidKeyException">Not a usable RSA private key, or its public half breaks the key rules.</exception>
    public static Identity FromPem(string pem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);

            // Its public half must pass the same checks as anyone else's key (size, exponent 65537).
            return new Identity(rsa);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            throw new InvalidKeyException("not an RSA private key PEM: " + ex.Message);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    public string ExportPrivateKeyPem() => _rsa.ExportPkcs8PrivateKeyPem();

    public byte[] Sign(ReadOnlySpan<byte> data) => _rsa.SignData(data.ToArray(), RsaKeyRules.Hash, RsaKeyRules.SignaturePadding);

    internal byte[] UnwrapKey(byte[] wrapped) => _rsa.Decrypt(wrapped, RsaKeyRules.KeyTransportPadding);

    public void Dispose()
    {
        PublicKey.Dispose();
        _rsa.Dispose();
    }
}
