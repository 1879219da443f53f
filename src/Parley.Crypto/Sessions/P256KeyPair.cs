using System.Numerics;
using System.Security.Cryptography;

namespace Parley.Crypto.Sessions;

/// <summary>A P-256 agreement key pair: an identity agreement key, a prekey or a ratchet key.</summary>
public sealed class P256KeyPair : IDisposable
{
    public const int PrivateBytes = 32;

    // The order n of the P-256 base point: a private scalar is in [1, n - 1].
    private static readonly BigInteger s_order = new(
        Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"), isUnsigned: true, isBigEndian: true);

    private readonly ECDiffieHellman _key;

    private P256KeyPair(ECDiffieHellman key)
    {
        _key = key;
        var parameters = key.ExportParameters(includePrivateParameters: false);
        PublicKey = P256PublicKey.Compress(parameters.Q);
    }

    /// <summary>The public half as a compressed point (<see cref="P256PublicKey.Encoded"/>).</summary>
    public byte[] PublicKey { get; }

    /// <summary>A new key whose scalar is drawn from <paramref name="entropy"/> (rejection sampling, no bias).</summary>
    public static P256KeyPair Generate(ISessionEntropy entropy)
    {
        Span<byte> scalar = stackalloc byte[PrivateBytes];
        try
        {
            while (true)
            {
                entropy.Fill(scalar);
                if (IsValidScalar(scalar))
                {
                    return FromPrivate(scalar);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    /// <summary>The key with this big-endian 32-byte private scalar (as <see cref="ExportPrivate"/> gives it).</summary>
    /// <exception cref="SessionRejectedException">Not 32 bytes, zero, or not below the group order.</exception>
    public static P256KeyPair FromPrivate(ReadOnlySpan<byte> scalar)
    {
        if (scalar.Length != PrivateBytes || !IsValidScalar(scalar))
        {
            throw new SessionRejectedException(SessionRejection.InvalidKey, "a P-256 private key is a 32-byte scalar in [1, n - 1]");
        }

        var key = ECDiffieHellman.Create();
        try
        {
            // .NET derives the public point from D alone.
            key.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar.ToArray() });
            return new P256KeyPair(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public byte[] ExportPrivate() => _key.ExportParameters(includePrivateParameters: true).D!;

    /// <summary>The raw ECDH shared secret: the X coordinate of the shared point, 32 bytes.</summary>
    public byte[] Agree(P256PublicKey other) => _key.DeriveRawSecretAgreement(other.Key.PublicKey);

    public void Dispose() => _key.Dispose();

    private static bool IsValidScalar(ReadOnlySpan<byte> scalar)
    {
        var value = new BigInteger(scalar, isUnsigned: true, isBigEndian: true);
        return !value.IsZero && value < s_order;
    }
}
