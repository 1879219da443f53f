using System.Security.Cryptography;
using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>The P-256 and ML-KEM-768 keys sessions are made of: their encodings and what they refuse.</summary>
public sealed class SessionKeyTests
{
    [Fact]
    public void Two_p256_keys_agree_on_one_secret_through_their_compressed_public_keys()
    {
        using var a = P256KeyPair.Generate(SystemEntropy.Instance);
        using var b = P256KeyPair.Generate(SystemEntropy.Instance);
        using var aPublic = P256PublicKey.Import(a.PublicKey);
        using var bPublic = P256PublicKey.Import(b.PublicKey);

        Assert.Equal(33, a.PublicKey.Length);
        Assert.Equal(a.Agree(bPublic), b.Agree(aPublic));
        Assert.Equal(32, a.Agree(bPublic).Length);
    }

    [Fact]
    public void A_private_scalar_exported_and_imported_gives_the_same_public_key()
    {
        using var a = P256KeyPair.Generate(SystemEntropy.Instance);
        using var again = P256KeyPair.FromPrivate(a.ExportPrivate());

        Assert.Equal(a.PublicKey, again.PublicKey);
    }

    [Fact]
    public void A_key_restored_from_its_scalar_and_known_public_half_agrees_and_exports_as_the_original()
    {
        using var a = P256KeyPair.Generate(SystemEntropy.Instance);
        using var b = P256KeyPair.Generate(SystemEntropy.Instance);
        using var bPublic = P256PublicKey.Import(b.PublicKey);
        using var restored = P256KeyPair.Restore(a.ExportPrivate(), a.PublicKey);

        Assert.Equal(a.PublicKey, restored.PublicKey);
        Assert.Equal(a.ExportPrivate(), restored.ExportPrivate());
        Assert.Equal(a.Agree(bPublic), restored.Agree(bPublic));
        Assert.Equal(a.ExportPrivate(), restored.ExportPrivate());
    }

    [Fact]
    public void A_key_restored_with_a_public_half_that_is_not_its_scalars_refuses_to_agree()
    {
        using var a = P256KeyPair.Generate(SystemEntropy.Instance);
        using var b = P256KeyPair.Generate(SystemEntropy.Instance);
        using var bPublic = P256PublicKey.Import(b.PublicKey);
        using var mismatched = P256KeyPair.Restore(a.ExportPrivate(), b.PublicKey);

        Assert.Equal(SessionRejection.InvalidKey, Assert.Throws<SessionRejectedException>(() => mismatched.Agree(bPublic)).Reason);
    }

    [Fact]
    public void A_compressed_key_decodes_to_the_point_dotnet_exports_uncompressed()
    {
        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = ecdh.ExportParameters(false).Q;
        byte[] compressed = [(byte)(0x02 | (q.Y![31] & 1)), .. q.X!];
        using var imported = P256PublicKey.Import(compressed);

        Assert.Equal(q.Y, imported.Key.ExportParameters(false).Q.Y);
    }

    [Theory]
    [InlineData(0x02, 0xFF)] // X = 2^256 - 1: larger than the field prime
    [InlineData(0x04, 0x11)] // an uncompressed prefix on 33 bytes
    [InlineData(0x00, 0x00)] // the point at infinity's prefix
    public void Bytes_that_are_not_a_compressed_point_on_p256_are_refused_as_invalid_keys(byte prefix, byte fill)
    {
        var bytes = Enumerable.Repeat(fill, 33).ToArray();
        bytes[0] = prefix;

        var ex = Assert.Throws<SessionRejectedException>(() => P256PublicKey.Import(bytes));
        Assert.Equal(SessionRejection.InvalidKey, ex.Reason);
    }

    [Fact]
    public void An_x_coordinate_with_no_point_on_the_curve_is_refused()
    {
        // About half of all X have no Y on the curve; find one deterministically.
        for (byte b = 1; ; b++)
        {
            var bytes = new byte[33];
            bytes[0] = 0x02;
            bytes[32] = b;
            try
            {
                using var _ = P256PublicKey.Import(bytes);
            }
            catch (SessionRejectedException ex)
            {
                Assert.Equal(SessionRejection.InvalidKey, ex.Reason);
                return;
            }
        }
    }

    [Theory]
    [InlineData(32)]
    [InlineData(34)]
    [InlineData(65)]
    [InlineData(0)]
    public void Public_keys_of_the_wrong_length_are_refused(int length)
    {
        using var a = P256KeyPair.Generate(SystemEntropy.Instance);
        var bytes = new byte[length];
        a.PublicKey.AsSpan(0, Math.Min(length, 33)).CopyTo(bytes);

        Assert.Equal(SessionRejection.InvalidKey, Assert.Throws<SessionRejectedException>(() => P256PublicKey.Import(bytes)).Reason);
    }

    [Fact]
    public void A_zero_or_too_large_private_scalar_is_refused()
    {
        Assert.Throws<SessionRejectedException>(() => P256KeyPair.FromPrivate(new byte[32]));
        Assert.Throws<SessionRejectedException>(() => P256KeyPair.FromPrivate(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
    }

    [Fact]
    public void Ml_kem_768_encapsulation_and_decapsulation_give_one_secret_and_a_seed_rebuilds_the_key()
    {
        var kem = MlKem768.Generate(SystemEntropy.Instance);
        var (ciphertext, secret) = MlKem768.Encapsulate(kem.PublicKey, SystemEntropy.Instance);
        var rebuilt = MlKem768.FromSeed(kem.ExportSeed());

        Assert.Equal((1184, 1088, 32), (kem.PublicKey.Length, ciphertext.Length, secret.Length));
        Assert.Equal(secret, kem.Decapsulate(ciphertext));
        Assert.Equal(kem.PublicKey, rebuilt.PublicKey);
        Assert.Equal(secret, rebuilt.Decapsulate(ciphertext));
    }

    [Fact]
    public void An_ml_kem_public_key_of_the_wrong_length_or_with_coefficients_out_of_range_is_refused()
    {
        var kem = MlKem768.Generate(SystemEntropy.Instance);
        var outOfRange = kem.PublicKey.ToArray();
        outOfRange[0] = 0xFF;
        outOfRange[1] = 0xFF; // the first 12-bit coefficient becomes 4095 >= q = 3329

        Assert.Throws<SessionRejectedException>(() => MlKem768.Encapsulate(kem.PublicKey.AsSpan(1), SystemEntropy.Instance));
        Assert.Equal(SessionRejection.InvalidKey, Assert.Throws<SessionRejectedException>(() => MlKem768.Validate(outOfRange)).Reason);
    }
}
