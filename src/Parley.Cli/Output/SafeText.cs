using System.Globalization;
using System.Text;

namespace Parley.Cli.Output;

/// <summary>
/// Makes text from other people safe to print on a terminal: control characters (an escape
/// sequence could move the cursor, retitle the window, or fake a line) are shown as ^X or \uXXXX.
/// </summary>
internal static class SafeText
{
    public static string ForTerminal(string text, bool keepNewlines = false)
    {
        if (!text.Any(NeedsEscaping))
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c == '\n' && keepNewlines)
            {
                safe.Append(c);
            }
            else if (c == '\t')
            {
                safe.Append("    ");
            }
            else if (c < 0x20)
            {
                safe.Append('^').Append((char)(c + 0x40));
            }
            else if (NeedsEscaping(c))
            {
                safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                safe.Append(c);
            }
        }

        return safe.ToString();
    }

    private static bool NeedsEscaping(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
}
