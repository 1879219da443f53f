using System.Globalization;
using System.Text;

namespace Parley.Crypto;

/// <summary>
/// How a string from a peer or the server (a field of a refused sealed message, a name in a
/// refused answer) is quoted in a reason or error: in double quotes,
/// escaped as a C# literal would be (\\, \", \n, \u001b...), and cut after <see cref="MaxChars"/>
/// characters. The other side chose it before anything was checked, so whoever prints the reason
/// must neither obey what it holds nor print much of it.
/// </summary>
public static class QuotedField
{
    public const int MaxChars = 90;

    public static string Of(string value)
    {
        var quoted = new StringBuilder(Math.Min(value.Length, MaxChars) + 8).Append('"');
        var shown = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (shown == MaxChars)
            {
                return quoted.Append("\"…").ToString();
            }

            Append(quoted, rune);
            shown++;
        }

        return quoted.Append('"').ToString();
    }

    private static void Append(StringBuilder quoted, Rune rune)
    {
        switch (rune.Value)
        {
            case '\\':
                quoted.Append(@"\\");
                return;
            case '"':
                quoted.Append("\\\"");
                return;
            case '\n':
                quoted.Append(@"\n");
                return;
            case '\r':
                quoted.Append(@"\r");
                return;
            case '\t':
                quoted.Append(@"\t");
                return;
        }

        if (IsShownAsIs(rune))
        {
            quoted.Append(rune.ToString());
        }
        else if (rune.IsBmp)
        {
            quoted.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
        }
        else
        {
            quoted.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
        }
    }

    // Controls (C0, DEL, C1), invisible formatting (bidi controls among them), line and paragraph
    // separators, private-use, unassigned code points and U+FFFD (an unpaired surrogate) are escaped.
    private static bool IsShownAsIs(Rune rune) =>
        rune != Rune.ReplacementChar
        && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate);
}
