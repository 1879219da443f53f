using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Parley.Protocol.Unicode;

/// <summary>
/// Computes the key under which names that print alike are one name (docs/protocol.md §5):
/// fold(strip marks(skeleton(fold(name)))), where fold is NFKC_Casefold with small capitals taken as
/// their capital letter, skeleton is the UTS #39 confusable skeleton and strip marks drops nonspacing
/// and enclosing marks. All data comes from ICU (<see cref="Icu"/>); immutable once built.
/// </summary>
internal sealed class LookalikeKey
{
    private const string SmallCapitalInName = " LETTER SMALL CAPITAL ";
    private const string CapitalInName = " CAPITAL LETTER ";

    private static readonly Lazy<LookalikeKey> s_instance = new(() => new LookalikeKey(Icu.Instance));

    private readonly Icu _icu;

    // The key of each ASCII character on its own, or null where the shortcut would not be exact.
    private readonly string?[] _asciiKeys = new string?[128];
    private readonly FrozenDictionary<int, int> _smallCapitals;

    private LookalikeKey(Icu icu)
    {
        _icu = icu;
        _smallCapitals = FindSmallCapitals(icu);
        for (var c = '!'; c < 127; c++)
        {
            var single = c.ToString();
            // For ASCII text every step works one character at a time (NFKC_Casefold only lowercases,
            // the skeleton maps each code point on its own, and nothing can compose or reorder), so the
            // key of an ASCII name is the concatenation of its characters' keys, as long as each
            // character's skeleton is ASCII too.
            if (Ascii.IsValid(icu.Skeleton(Fold(single))))
            {
                _asciiKeys[c] = Compute(single);
            }
        }
    }

    /// <exception cref="IcuUnavailableException">ICU is missing.</exception>
    public static LookalikeKey Instance => s_instance.Value;

    /// <summary>"ICU 72.1, Unicode 15.0": where the confusables and script data come from.</summary>
    public string DataSource => $"ICU {_icu.Version}, Unicode {_icu.UnicodeVersion}";

    public string Of(string name) => TryOfAscii(name, out var key) ? key : Compute(name);

    /// <summary>The key computed by ICU alone, without the ASCII shortcut.</summary>
    internal string Compute(string name) => Fold(StripMarks(_icu.Skeleton(Fold(name))));

    private bool TryOfAscii(string name, out string key)
    {
        key = string.Empty;
        var unchanged = true;
        var length = 0;
        foreach (var c in name)
        {
            if (c >= 128 || _asciiKeys[c] is not { } part)
            {
                return false;
            }

            unchanged &= part.Length == 1 && part[0] == c;
            length += part.Length;
        }

        key = unchanged ? name : string.Create(length, (name, _asciiKeys), static (span, state) =>
        {
            foreach (var c in state.name)
            {
                var part = state._asciiKeys[c]!;
                part.CopyTo(span);
                span = span[part.Length..];
            }
        });
        return true;
    }

    private string Fold(string text)
    {
        if (_smallCapitals.Count > 0 && !Ascii.IsValid(text))
        {
            var builder = new StringBuilder(text.Length);
            foreach (var rune in text.EnumerateRunes())
            {
                if (_smallCapitals.TryGetValue(rune.Value, out var capital))
                {
                    builder.Append(char.ConvertFromUtf32(capital));
                }
                else
                {
                    builder.Append(rune.ToString());
                }
            }

            text = builder.ToString();
        }

        return _icu.NfkcCasefold(text);
    }

    private static string StripMarks(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark))
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    // Unicode's case data leaves small capitals (ᴀ, ʙ, ᴄ…) alone and the confusables do not map all of
    // them, so "ᴀlice" would not meet "alice". Their names say which capital they are: a character named
    // "LATIN LETTER SMALL CAPITAL A" is keyed as "LATIN CAPITAL LETTER A". Small capitals are all Ll.
    private static FrozenDictionary<int, int> FindSmallCapitals(Icu icu)
    {
        var found = new Dictionary<int, int>();
        for (var codePoint = 0x80; codePoint <= 0x10FFFF; codePoint++)
        {
            if (!Rune.IsValid(codePoint) || Rune.GetUnicodeCategory(new Rune(codePoint)) != UnicodeCategory.LowercaseLetter)
            {
                continue;
            }

            if (icu.CharacterName(codePoint) is { } name && name.Contains(SmallCapitalInName, StringComparison.Ordinal)
                && icu.CharacterFromName(name.Replace(SmallCapitalInName, CapitalInName, StringComparison.Ordinal)) is var capital
                && capital >= 0)
            {
                found[codePoint] = capital;
            }
        }

        return found.ToFrozenDictionary();
    }
}
