using System.Numerics;
using System.Security.Cryptography;

namespace Parley.Crypto.Tests;

/// <summary>Which RSA public keys Parley takes from anyone: 3072–4096 bits, exponent 65537, strict DER, nothing else.</summary>
public sealed class KeyRulesTests(Identities ids) : IClassFixture<Identities>
{
    [Theory]
    [MemberData(nameof(CraftedKeys.BadKeyNames), MemberType = typeof(CraftedKeys))]
    public void A_key_that_breaks_the_rules_is_refused_as_invalid(string problem)
    {
        Assert.Throws<InvalidKeyException>(() => PeerKey.FromSpki(CraftedKeys.BadKeys[problem]));
    }

    [Fact]
    public void A_key_built_by_hand_the_way_the_rules_want_is_what_a_library_exports_and_is_accepted()
    {
        var exported = ids.Alice.PublicKey.Spki;
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(exported, out _);
        var modulus = new BigInteger(rsa.ExportParameters(false).Modulus, isUnsigned: true, isBigEndian: true);

        Assert.Equal(exported, CraftedKeys.Spki(modulus, 65537));
        using var crafted = PeerKey.FromSpki(CraftedKeys.Spki(modulus, 65537));
        Assert.True(crafted.SameKeyAs(ids.Alice.PublicKey));
    }

    [Theory]
    [InlineData(3072)]
    [InlineData(4095)]
    [InlineData(4096)]
    public void Moduli_of_3072_to_4096_bits_with_exponent_65537_are_accepted(int bits)
    {
        using var key = PeerKey.FromSpki(CraftedKeys.Spki(CraftedKeys.RandomOdd(bits), 65537));

        Assert.Equal(bits, key.KeySizeBits);
    }

    [Fact]
    public void An_identity_file_whose_key_has_exponent_3_is_refused()
    {
        using var weak = CraftedKeys.WithExponent(ids.Mallory.ExportPrivateKeyPem(), 3);

        Assert.NotEqual([1, 0, 1], weak.ExportParameters(false).Exponent);
        var error = Assert.Throws<InvalidKeyException>(() => Identity.FromPem(weak.ExportPkcs8PrivateKeyPem()));
        Assert.Contains("exponent", error.Message, StringComparison.Ordinal);
    }
}
