using System.Text;
using Parley.Protocol;

namespace Parley.Protocol.Tests;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("Zoë")]
    [InlineData("李小龍")]
    [InlineData("o'brien-2")]
    [InlineData("🦊fox")]
    public void Ordinary_names_are_accepted_unchanged(string name)
    {
        Assert.True(NameRules.TryNormalize(name, out var normalized, out var error), error);
        Assert.Equal(name.Normalize(NormalizationForm.FormC), normalized);
    }

    [Fact]
    public void A_decomposed_name_is_normalized_to_nfc()
    {
        var decomposed = "Zoe\u0308";

        Assert.True(NameRules.TryNormalize(decomposed, out var normalized, out _));
        Assert.Equal("Zo\u00EB", normalized);
    }

    [Fact]
    public void Ninety_characters_is_the_limit_counted_in_code_points()
    {
        Assert.True(NameRules.TryNormalize(new string('a', 90), out _, out _));
        Assert.False(NameRules.TryNormalize(new string('a', 91), out _, out var error));
        Assert.Contains("90", error, StringComparison.Ordinal);

        // 90 emoji are 180 UTF-16 units but 90 characters.
        Assert.True(NameRules.TryNormalize(string.Concat(Enumerable.Repeat("🦊", 90)), out _, out _));
        Assert.False(NameRules.TryNormalize(string.Concat(Enumerable.Repeat("🦊", 91)), out _, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("ali ce")]
    [InlineData(" alice")]
    [InlineData("alice\n")]
    [InlineData("al\u0000ice")]
    [InlineData("al\u200Bice")]
    [InlineData("al\u202Eice")]
    [InlineData("al\u00ADice")]
    [InlineData("\u3164")]
    [InlineData("al\uE000ice")]
    [InlineData("al\u2028ice")]
    public void Empty_invisible_control_and_whitespace_names_are_refused(string? name)
    {
        Assert.False(NameRules.TryNormalize(name, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        var name = "al" + (char)0xD800 + "ice";

        Assert.False(NameRules.TryNormalize(name, out _, out var error));
        Assert.Contains("Unicode", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Alice", "alice")]
    [InlineData("ALICE", "aLiCe")]
    [InlineData("Zoë", "ZOË")]
    [InlineData("Straße", "STRASSE")]
    public void Names_that_differ_only_in_case_collide(string a, string b)
    {
        Assert.True(NameRules.TryNormalize(a, out var na, out _));
        Assert.True(NameRules.TryNormalize(b, out var nb, out _));
        if (a == "Straße")
        {
            // Simple case mapping keeps ß distinct from SS; documented in docs/protocol.md.
            Assert.NotEqual(NameRules.UniquenessKey(na), NameRules.UniquenessKey(nb));
            return;
        }

        Assert.Equal(NameRules.UniquenessKey(na), NameRules.UniquenessKey(nb));
    }

    [Fact]
    public void Different_names_do_not_collide()
    {
        Assert.NotEqual(NameRules.UniquenessKey("alice"), NameRules.UniquenessKey("alicia"));
    }
}
