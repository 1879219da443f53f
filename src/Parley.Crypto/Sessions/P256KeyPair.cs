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

    // A restored key has no OpenSSL key until an agreement needs one: importing a bare scalar makes OpenSSL compute
    // and check the public point, which costs more than all of a message's other crypto.
    private ECDiffieHellman? _key;

    // Kept beside the OpenSSL key so that exporting it (a session's state is written after every message) never
    // asks OpenSSL: the OpenSSL key holds the same secret for as long.
    private readonly byte[] _scalar;

    private P256KeyPair(ECDiffieHellman key, byte[] scalar)
    {
        _key = key;
        _scalar = scalar;
        var parameters = key.ExportParameters(includePrivateParameters: false);
        PublicKey = P256PublicKey.Compress(parameters.Q);
    }

    private P256KeyPair(byte[] scalar, byte[] publicKey)
    {
        _scalar = scalar;
        PublicKey = publicKey;
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

        return new P256KeyPair(Import(scalar), PinnedCopy(scalar));
    }

    /// <summary>
    /// The key with this scalar whose public half the caller already knows (it saw this scalar's key before), made
    /// without OpenSSL until <see cref="Agree"/> needs it; that import checks <paramref name="publicKey"/> against the scalar.
    /// </summary>
    /// <exception cref="SessionRejectedException">Not a valid scalar, or <paramref name="publicKey"/> is not 33 bytes.</exception>
    internal static P256KeyPair Restore(ReadOnlySpan<byte> scalar, byte[] publicKey)
    {
        if (scalar.Length != PrivateBytes || !IsValidScalar(scalar) || publicKey.Length != P256PublicKey.EncodedBytes)
        {
            throw new SessionRejectedException(SessionRejection.InvalidKey, "a P-256 private key is a 32-byte scalar in [1, n - 1]");
        }

        return new P256KeyPair(PinnedCopy(scalar), publicKey);
    }

    public byte[] ExportPrivate() => _scalar.ToArray();

    /// <summary>The raw ECDH shared secret: the X coordinate of the shared point, 32 bytes.</summary>
    public byte[] Agree(P256PublicKey other) => Key.DeriveRawSecretAgreement(other.Key.PublicKey);

    public void Dispose()
    {
        _key?.Dispose();
        CryptographicOperations.ZeroMemory(_scalar);
    }

    private ECDiffieHellman Key
    {
        get
        {
            if (_key is null)
            {
                var key = Import(_scalar);
                if (!P256PublicKey.Compress(key.ExportParameters(includePrivateParameters: false).Q).AsSpan().SequenceEqual(PublicKey))
                {
                    key.Dispose();
                    throw new SessionRejectedException(SessionRejection.InvalidKey, "a restored P-256 key's public half does not belong to its private scalar");
                }

                _key = key;
            }

            return _key;
        }
    }

    private static ECDiffieHellman Import(ReadOnlySpan<byte> scalar)
    {
        var d = scalar.ToArray();
        var key = ECDiffieHellman.Create();
        try
        {
            // .NET derives the public point from D alone.
            key.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    /// <summary>A copy the garbage collector never moves, so zeroing it on dispose leaves no earlier copy behind.</summary>
    private static byte[] PinnedCopy(ReadOnlySpan<byte> scalar)
    {
        var copy = GC.AllocateUninitializedArray<byte>(PrivateBytes, pinned: true);
        scalar.CopyTo(copy);
        return copy;
    }

    private static bool IsValidScalar(ReadOnlySpan<byte> scalar)
    {
        var value = new BigInteger(scalar, isUnsigned: true, isBigEndian: true);
        return !value.IsZero && value < s_order;
    }
}
