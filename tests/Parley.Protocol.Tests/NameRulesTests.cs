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
    [InlineData("al\u180Bice")] // Mongolian free variation selector: draws nothing
    [InlineData("\u0301")] // only a combining mark: it would draw onto what is printed before it
    [InlineData("\u0301alice")]
    [InlineData("\u20DDalice")] // enclosing mark
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
    public void Names_that_differ_only_in_case_collide(string a, string b)
    {
        Assert.Equal(KeyOf(a), KeyOf(b));
    }

    [Fact]
    public void Sharp_s_is_folded_to_ss_so_Straße_and_STRASSE_collide()
    {
        Assert.Equal(KeyOf("STRASSE"), KeyOf("Straße"));
        Assert.Equal(KeyOf("strasse"), KeyOf("STRAẞE"));
    }

    [Theory]
    [InlineData("\u0430lice")] // Cyrillic а
    [InlineData("al\u0456ce")] // Cyrillic і
    [InlineData("ａｌｉｃｅ")] // fullwidth
    [InlineData("\u0251lice")] // Latin alpha ɑ
    [InlineData("\u1D00lice")] // small capital ᴀ
    [InlineData("alice\u0307")] // combining dot above, composed by NFC into ė
    [InlineData("alic\u0117")]
    [InlineData("\u13AAlice")] // Cherokee Ꭺ, a capital in the skeleton
    [InlineData("ＡＬＩＣＥ")]
    public void Names_that_print_like_alice_collide_with_it(string lookalike)
    {
        Assert.Equal(KeyOf("alice"), KeyOf(lookalike));
    }

    [Theory]
    [InlineData("mallory", "rnallory")]
    [InlineData("alice", "a1ice")]
    [InlineData("oscar", "0scar")]
    [InlineData("bill", "bi|l")]
    public void Ascii_lookalikes_collide_too(string a, string b)
    {
        Assert.Equal(KeyOf(a), KeyOf(b));
    }

    [Theory]
    [InlineData("alice", "alicia")]
    [InlineData("bob", "rob")]
    [InlineData("omega", "ωμεγα")]
    [InlineData("Zoë", "Zoey")]
    [InlineData("李小龍", "李小虎")]
    [InlineData("Привет", "Privet")]
    public void Names_that_look_different_do_not_collide(string a, string b)
    {
        Assert.NotEqual(KeyOf(a), KeyOf(b));
    }

    [Theory]
    [InlineData("p\u0430ypal", "Latin and Cyrillic")]
    [InlineData("Ωmega", "Greek and Latin")]
    [InlineData("\u0430lice", "Cyrillic and Latin")]
    public void A_name_mixing_scripts_is_refused_with_the_scripts_it_mixes(string name, string scripts)
    {
        Assert.True(NameRules.TryNormalize(name, out var normalized, out _));

        Assert.False(NameRules.TryCheckScriptMix(normalized, out var error));
        Assert.Contains("one script", error, StringComparison.Ordinal);
        Assert.Contains(scripts, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("o'brien-2")]
    [InlineData("🦊fox")]
    [InlineData("Zoë")]
    [InlineData("Привет")]
    [InlineData("Ελληνικά")]
    [InlineData("李小龍")]
    [InlineData("山田tarō")] // Latin + Han
    [InlineData("東京tokyoとうきょう")] // Latin + Han + Hiragana
    [InlineData("中文ㄅ")] // Han + Bopomofo
    [InlineData("한국korea")] // Latin + Hangul
    public void Single_script_names_and_the_allowed_mixes_with_han_pass_the_script_check(string name)
    {
        Assert.True(NameRules.TryNormalize(name, out var normalized, out _));

        Assert.True(NameRules.TryCheckScriptMix(normalized, out var error), error);
    }

    [Fact]
    public void The_case_fold_key_is_the_former_rule_and_keeps_lookalikes_apart()
    {
        Assert.Equal(NameRules.CaseFoldKey("Alice"), NameRules.CaseFoldKey("alice"));
        Assert.NotEqual(NameRules.CaseFoldKey("\u0430lice"), NameRules.CaseFoldKey("alice"));
        Assert.NotEqual(NameRules.CaseFoldKey("Straße"), NameRules.CaseFoldKey("STRASSE"));
    }

    [Fact]
    public void The_data_source_names_the_icu_and_unicode_versions()
    {
        Assert.Matches(@"^ICU \d+\.\d+, Unicode \d+\.\d+$", NameRules.UnicodeDataSource);
    }

    private static string KeyOf(string name)
    {
        Assert.True(NameRules.TryNormalize(name, out var normalized, out var error), error);
        return NameRules.UniquenessKey(normalized);
    }
}
