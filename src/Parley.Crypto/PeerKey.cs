using System.Security.Cryptography;

namespace Parley.Crypto;

/// <summary>Someone's RSA public key: verifies their signatures and wraps keys for them.</summary>
public sealed class PeerKey : IDisposable
{
    private readonly RSA _rsa;

    private PeerKey(RSA rsa, byte[] spki)
    {
        _rsa = rsa;
        Spki = spki;
        KeyId = KeyFingerprint.KeyId(spki);
        Fingerprint = KeyFingerprint.FormatKeyId(KeyId);
    }

    /// <summary>The key as X.509 SubjectPublicKeyInfo DER: how it travels on the wire.</summary>
    public byte[] Spki { get; }

    public byte[] KeyId { get; }

    public string Fingerprint { get; }

    public int KeySizeBits => _rsa.KeySize;

    /// <exception cref="InvalidKeyException">Not an RSA public key Parley accepts (<see cref="RsaSpki"/> lists the rules).</exception>
    public static PeerKey FromSpki(ReadOnlySpan<byte> spki)
    {
        RsaSpki.Validate(spki);
        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(spki, out _);

            // Strict DER has one encoding per key, so the bytes as given are the canonical form.
            return new PeerKey(rsa, spki.ToArray());
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new InvalidKeyException("not an RSA SubjectPublicKeyInfo: " + ex.Message);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            return _rsa.VerifyData(data, signature, RsaKeyRules.Hash, RsaKeyRules.SignaturePadding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    internal byte[] WrapKey(ReadOnlySpan<byte> key) => _rsa.Encrypt(key.ToArray(), RsaKeyRules.KeyTransportPadding);

    public bool SameKeyAs(PeerKey other) => CryptographicOperations.FixedTimeEquals(KeyId, other.KeyId);

    public void Dispose() => _rsa.Dispose();
}
