using Parley.Crypto;

namespace Parley.Crypto.Tests;

public sealed class SafetyNumberTests(Identities ids) : IClassFixture<Identities>
{
    [Fact]
    public void Both_sides_get_the_same_number_whatever_the_order_and_spelling()
    {
        var aliceSees = SafetyNumber.Compute("alice", ids.Alice.PublicKey.Spki, "bob", ids.Bob.PublicKey.Spki);
        var bobSees = SafetyNumber.Compute("Bob", ids.Bob.PublicKey.Spki, "ALICE", ids.Alice.PublicKey.Spki);

        Assert.Equal(aliceSees, bobSees);
    }

    [Fact]
    public void It_is_60_digits_in_12_groups_of_5_made_of_the_two_sorted_halves()
    {
        var number = SafetyNumber.Compute("alice", ids.Alice.PublicKey.Spki, "bob", ids.Bob.PublicKey.Spki);
        var alice = SafetyNumber.HalfOf("alice", ids.Alice.PublicKey.Spki);
        var bob = SafetyNumber.HalfOf("bob", ids.Bob.PublicKey.Spki);

        Assert.Matches("^[0-9]{5}( [0-9]{5}){11}$", number);
        Assert.Equal(30, alice.Length);
        Assert.Equal(string.Concat(new[] { alice, bob }.Order(StringComparer.Ordinal)), number.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Changing_either_key_or_either_name_changes_the_number()
    {
        var number = SafetyNumber.Compute("alice", ids.Alice.PublicKey.Spki, "bob", ids.Bob.PublicKey.Spki);

        Assert.NotEqual(number, SafetyNumber.Compute("alice", ids.Mallory.PublicKey.Spki, "bob", ids.Bob.PublicKey.Spki));
        Assert.NotEqual(number, SafetyNumber.Compute("alice", ids.Alice.PublicKey.Spki, "bob", ids.Mallory.PublicKey.Spki));
        Assert.NotEqual(number, SafetyNumber.Compute("alice", ids.Alice.PublicKey.Spki, "mallory", ids.Bob.PublicKey.Spki));
        Assert.NotEqual(number, SafetyNumber.Compute("carol", ids.Alice.PublicKey.Spki, "bob", ids.Bob.PublicKey.Spki));
    }

    [Fact]
    public void Each_5_byte_chunk_is_read_big_endian_modulo_100000()
    {
        byte[] bytes = [0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 1, 0x86, 0xa0];

        // 1; 2^40 - 1 = 1099511627775; 100000 = 0x186a0.
        Assert.Equal("00001" + "27775" + "00000", SafetyNumber.EncodeDigits(bytes));
    }

    [Fact]
    public void A_half_is_iterated_sha512_over_hash_and_key_from_version_key_and_the_case_folded_name()
    {
        // "mallory"'s uniqueness key is "rnallory"; the number must not depend on ICU's confusables.
        var spki = ids.Alice.PublicKey.Spki;
        byte[] hash = [0, 1, .. spki, .. "mallory"u8];
        for (var i = 0; i < SafetyNumber.Iterations; i++)
        {
            hash = System.Security.Cryptography.SHA512.HashData([.. hash, .. spki]);
        }

        Assert.Equal(SafetyNumber.EncodeDigits(hash.AsSpan(0, 30)), SafetyNumber.HalfOf("Mallory", spki));
    }

    [Fact]
    public void Names_that_only_look_alike_give_different_numbers()
    {
        var spki = ids.Alice.PublicKey.Spki;

        Assert.NotEqual(SafetyNumber.HalfOf("alice", spki), SafetyNumber.HalfOf("\u0430lice", spki));
    }
}
