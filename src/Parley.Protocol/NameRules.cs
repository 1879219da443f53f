using System.Globalization;
using System.Text;
using Parley.Protocol.Unicode;

namespace Parley.Protocol;

/// <summary>
/// What makes a valid Parley name. A name is NFC-normalized, then must be 1..90 Unicode code
/// points with no whitespace, control, format (invisible), private-use, unassigned or
/// separator characters. A new name must also keep to one script (<see cref="TryCheckScriptMix"/>).
/// Names that print alike are the same name: see <see cref="UniquenessKey"/>.
/// </summary>
public static class NameRules
{
    public const int MaxCodePoints = 90;

    /// <summary>Largest UTF-8 size a valid name can have; lets readers bound a name before parsing it.</summary>
    public const int MaxUtf8Bytes = MaxCodePoints * 4;

    public static bool TryNormalize(string? candidate, out string normalized, out string error)
    {
        normalized = string.Empty;
        if (string.IsNullOrEmpty(candidate))
        {
            error = "a name needs at least 1 character";
            return false;
        }

        if (candidate.Length > MaxUtf8Bytes)
        {
            error = $"a name has at most {MaxCodePoints} characters";
            return false;
        }

        try
        {
            candidate = candidate.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            error = "a name must be valid Unicode text";
            return false;
        }

        var count = 0;
        for (var i = 0; i < candidate.Length;)
        {
            if (Rune.DecodeFromUtf16(candidate.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                error = "a name must be valid Unicode text";
                return false;
            }

            if (!IsAllowed(rune))
            {
                error = $"a name cannot contain U+{rune.Value:X4} ({Describe(rune)})";
                return false;
            }

            // A leading mark would draw onto whatever is printed before the name.
            if (count == 0 && IsMark(rune))
            {
                error = $"a name cannot start with U+{rune.Value:X4} (a combining mark)";
                return false;
            }

            count++;
            i += used;
        }

        if (count > MaxCodePoints)
        {
            error = $"a name has at most {MaxCodePoints} characters, this one has {count}";
            return false;
        }

        normalized = candidate;
        error = string.Empty;
        return true;
    }

    /// <summary>
    /// The key two names collide on: names that print alike are the same name ("Alice", "alice",
    /// Cyrillic "аlice", "ａｌｉｃｅ", "alicė" and "ᴀlice" all have the key of "alice"). It is the UTS #39
    /// confusable skeleton of the NFKC_Casefold form, with nonspacing and enclosing marks removed and
    /// case folded again; docs/protocol.md §5 gives the details. Takes a name that <see cref="TryNormalize"/>
    /// accepted. Computed with the system's ICU, so its value can change when ICU's Unicode data does.
    /// </summary>
    /// <exception cref="Unicode.IcuUnavailableException">ICU is missing.</exception>
    public static string UniquenessKey(string normalizedName) => LookalikeKey.Instance.Of(normalizedName);

    /// <summary>
    /// The uniqueness key before lookalikes counted (Unicode simple case mapping of the NFC name):
    /// "Alice" and "alice" collide, "аlice" does not. It never changes with ICU's data, so it names
    /// things that must stay put (a client's identity folders), and it reaches names registered before
    /// lookalikes counted that now collide with an earlier one.
    /// </summary>
    public static string CaseFoldKey(string normalizedName) =>
        normalizedName.ToUpperInvariant().ToLowerInvariant().Normalize(NormalizationForm.FormC);

    /// <summary>Where the confusables and script data come from, e.g. "ICU 72.1, Unicode 15.0".</summary>
    /// <exception cref="Unicode.IcuUnavailableException">ICU is missing.</exception>
    public static string UnicodeDataSource => LookalikeKey.Instance.DataSource;

    /// <summary>
    /// Whether a new name keeps to UTS #39's "highly restrictive" level: letters of one script, or Latin
    /// with Han and Hiragana and Katakana, with Han and Bopomofo, or with Han and Hangul. Digits,
    /// punctuation, emoji and other characters of the Common and Inherited scripts go with any script.
    /// "pаypal" (Latin with a Cyrillic а) is refused, "山田tarō" is not. Takes a name that
    /// <see cref="TryNormalize"/> accepted.
    /// </summary>
    /// <exception cref="Unicode.IcuUnavailableException">ICU is missing.</exception>
    public static bool TryCheckScriptMix(string normalizedName, out string error)
    {
        error = string.Empty;
        if (Ascii.IsValid(normalizedName) || Icu.Instance.IsHighlyRestrictive(normalizedName))
        {
            return true;
        }

        var scripts = new List<string>();
        foreach (var rune in normalizedName.EnumerateRunes())
        {
            if (Icu.Instance.ScriptName(rune.Value) is { } script && !scripts.Contains(script))
            {
                scripts.Add(script);
            }
        }

        var mixed = scripts.Count > 1
            ? $"this one mixes {string.Join(", ", scripts[..^1])} and {scripts[^1]}"
            : "this one mixes scripts in a way that is not allowed";
        error = "a name must be written in one script (Latin may go with Han and Hiragana and Katakana, "
            + $"with Han and Bopomofo, or with Han and Hangul): {mixed}";
        return false;
    }

    private static bool IsAllowed(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control => false,
        UnicodeCategory.Format => false,
        UnicodeCategory.Surrogate => false,
        UnicodeCategory.PrivateUse => false,
        UnicodeCategory.OtherNotAssigned => false,
        UnicodeCategory.SpaceSeparator => false,
        UnicodeCategory.LineSeparator => false,
        UnicodeCategory.ParagraphSeparator => false,
        _ => !IsInvisibleFiller(rune.Value),
    };

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune)
        is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    // Characters that draw nothing yet are not in the Format category (variation selectors included).
    private static bool IsInvisibleFiller(int codePoint) =>
        codePoint is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x034F
            or (>= 0x180B and <= 0x180F) or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);

    private static string Describe(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control => "a control character",
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => "whitespace",
        UnicodeCategory.OtherNotAssigned => "an unassigned code point",
        UnicodeCategory.PrivateUse => "a private-use character",
        _ => "an invisible character",
    };
}
