using System.Security.Cryptography;
using Parley.Crypto;

namespace Parley.Crypto.Tests;

public sealed class IdentityTests(Identities ids) : IClassFixture<Identities>
{
    [Fact]
    public void A_generated_identity_is_rsa_3072()
    {
        Assert.Equal(3072, ids.Alice.PublicKey.KeySizeBits);
    }

    [Fact]
    public void An_identity_survives_a_pem_round_trip_with_the_same_fingerprint()
    {
        using var reloaded = Identity.FromPem(ids.Alice.ExportPrivateKeyPem());

        Assert.Equal(ids.Alice.Fingerprint, reloaded.Fingerprint);
        var signature = reloaded.Sign("hello"u8);
        Assert.True(ids.Alice.PublicKey.Verify("hello"u8, signature));
    }

    [Fact]
    public void A_fingerprint_is_eight_groups_of_four_hex_digits_of_the_key_hash()
    {
        var fingerprint = ids.Alice.Fingerprint;

        Assert.Matches("^[0-9a-f]{4}(-[0-9a-f]{4}){7}$", fingerprint);
        var hash = Convert.ToHexStringLower(SHA256.HashData(ids.Alice.PublicKey.Spki));
        Assert.Equal(hash[..32], fingerprint.Replace("-", string.Empty, StringComparison.Ordinal));
        Assert.NotEqual(ids.Bob.Fingerprint, fingerprint);
    }

    [Fact]
    public void A_signature_does_not_verify_under_another_key_or_for_other_data()
    {
        var signature = ids.Alice.Sign("hello"u8);

        Assert.False(ids.Bob.PublicKey.Verify("hello"u8, signature));
        Assert.False(ids.Alice.PublicKey.Verify("hellO"u8, signature));
    }

    [Fact]
    public void Small_rsa_keys_and_non_keys_are_refused()
    {
        using var small = RSA.Create(2048);

        Assert.Throws<InvalidKeyException>(() => PeerKey.FromSpki(small.ExportSubjectPublicKeyInfo()));
        Assert.Throws<InvalidKeyException>(() => PeerKey.FromSpki([1, 2, 3]));
        Assert.Throws<InvalidKeyException>(() => Identity.FromPem("not a key"));
    }

    [Fact]
    public void Non_rsa_keys_are_refused()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<InvalidKeyException>(() => PeerKey.FromSpki(ec.ExportSubjectPublicKeyInfo()));
    }
}
