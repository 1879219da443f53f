using System.Globalization;
using System.Text;

namespace Parley.Protocol;

/// <summary>
/// What makes a valid Parley name. A name is NFC-normalized, then must be 1..90 Unicode code
/// points with no whitespace, control, format (invisible), private-use, unassigned or
/// separator characters. Uniqueness is case-insensitive: see <see cref="UniquenessKey"/>.
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
    /// The key two names collide on: "Alice" and "alice" are the same name. Takes a name that
    /// <see cref="TryNormalize"/> accepted.
    /// </summary>
    public static string UniquenessKey(string normalizedName) =>
        normalizedName.ToUpperInvariant().ToLowerInvariant().Normalize(NormalizationForm.FormC);

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

    // Characters that draw nothing yet are not in the Format category.
    private static bool IsInvisibleFiller(int codePoint) =>
        codePoint is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x034F
            or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);

    private static string Describe(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control => "a control character",
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => "whitespace",
        UnicodeCategory.OtherNotAssigned => "an unassigned code point",
        UnicodeCategory.PrivateUse => "a private-use character",
        _ => "an invisible character",
    };
}
