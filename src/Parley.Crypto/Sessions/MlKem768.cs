using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace Parley.Crypto.Sessions;

/// <summary>
/// ML-KEM-768 (FIPS 203) through BouncyCastle: the post-quantum prekey's key pair, encapsulation and
/// decapsulation. A private key is kept as its 64-byte seed (d ‖ z), from which FIPS 203 rebuilds it.
/// </summary>
public sealed class MlKem768
{
    public const int PublicKeyBytes = 1184;
    public const int CiphertextBytes = 1088;
    public const int SharedSecretBytes = 32;
    public const int SeedBytes = 64;

    private readonly MLKemPrivateKeyParameters _private;

    private MlKem768(MLKemPrivateKeyParameters privateKey)
    {
        _private = privateKey;
        PublicKey = privateKey.GetPublicKeyEncoded();
    }

    public byte[] PublicKey { get; }

    public static MlKem768 Generate(ISessionEntropy entropy)
    {
        var seed = new byte[SeedBytes];
        try
        {
            entropy.Fill(seed);
            return FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <exception cref="SessionRejectedException">Not a 64-byte seed.</exception>
    public static MlKem768 FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedBytes)
        {
            throw new SessionRejectedException(SessionRejection.InvalidKey, $"an ML-KEM-768 private key is a {SeedBytes}-byte seed");
        }

        return new MlKem768(MLKemPrivateKeyParameters.FromSeed(MLKemParameters.ml_kem_768, seed.ToArray()));
    }

    public byte[] ExportSeed() => _private.GetSeed();

    /// <summary>Encapsulates a fresh secret to <paramref name="publicKey"/>: (ciphertext, shared secret).</summary>
    /// <exception cref="SessionRejectedException">Not an ML-KEM-768 encapsulation key (FIPS 203 §7.2 checks).</exception>
    public static (byte[] Ciphertext, byte[] SharedSecret) Encapsulate(ReadOnlySpan<byte> publicKey, ISessionEntropy entropy)
    {
        var key = ImportPublic(publicKey);
        var encapsulator = new MLKemEncapsulator(MLKemParameters.ml_kem_768);
        encapsulator.Init(new ParametersWithRandom(key, new SecureRandom(new EntropyGenerator(entropy))));
        var ciphertext = new byte[CiphertextBytes];
        var secret = new byte[SharedSecretBytes];
        encapsulator.Encapsulate(ciphertext, 0, ciphertext.Length, secret, 0, secret.Length);
        return (ciphertext, secret);
    }

    /// <summary>
    /// The shared secret inside <paramref name="ciphertext"/>. A ciphertext made for another key gives
    /// another secret (implicit rejection), and the agreement's first message then fails to open.
    /// </summary>
    /// <exception cref="SessionRejectedException">Not 1088 bytes.</exception>
    public byte[] Decapsulate(ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length != CiphertextBytes)
        {
            throw new SessionRejectedException(SessionRejection.Malformed, $"an ML-KEM-768 ciphertext is {CiphertextBytes} bytes");
        }

        var decapsulator = new MLKemDecapsulator(MLKemParameters.ml_kem_768);
        decapsulator.Init(_private);
        var secret = new byte[SharedSecretBytes];
        decapsulator.Decapsulate(ciphertext.ToArray(), 0, ciphertext.Length, secret, 0, secret.Length);
        return secret;
    }

    /// <exception cref="SessionRejectedException">Not an ML-KEM-768 encapsulation key.</exception>
    public static void Validate(ReadOnlySpan<byte> publicKey) => ImportPublic(publicKey);

    private static MLKemPublicKeyParameters ImportPublic(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeyBytes)
        {
            throw new SessionRejectedException(SessionRejection.InvalidKey, $"an ML-KEM-768 public key is {PublicKeyBytes} bytes");
        }

        try
        {
            return MLKemPublicKeyParameters.FromEncoding(MLKemParameters.ml_kem_768, publicKey.ToArray());
        }
        catch (ArgumentException ex)
        {
            throw new SessionRejectedException(SessionRejection.InvalidKey, "not an ML-KEM-768 public key: " + ex.Message);
        }
    }

    /// <summary>Feeds BouncyCastle's <see cref="SecureRandom"/> from the session entropy seam.</summary>
    private sealed class EntropyGenerator(ISessionEntropy entropy) : IRandomGenerator
    {
        public void AddSeedMaterial(byte[] seed)
        {
        }

        public void AddSeedMaterial(ReadOnlySpan<byte> seed)
        {
        }

        public void AddSeedMaterial(long seed)
        {
        }

        public void NextBytes(byte[] bytes) => entropy.Fill(bytes);

        public void NextBytes(byte[] bytes, int start, int len) => entropy.Fill(bytes.AsSpan(start, len));

        public void NextBytes(Span<byte> bytes) => entropy.Fill(bytes);
    }
}
