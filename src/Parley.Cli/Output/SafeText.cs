using System.Globalization;
using System.Text;

namespace Parley.Cli.Output;

/// <summary>
/// Makes text from other people safe to print on a terminal: control characters (an escape
/// sequence could move the cursor, retitle the window, or fake a line) are shown as ^X or \uXXXX.
/// C0 controls (ESC, BEL, CR, LF, backspace...) become ^X; DEL, the C1 controls (U+009B is a
/// one-character CSI), line and paragraph separators and the bidirectional controls that can
/// reorder what is shown become \uXXXX. Escaping twice changes nothing, so a line already made
/// safe can pass through another sink. A caret or backslash the sender typed is left as it is:
/// such text may look like an escape, but it cannot act like one.
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

    // char.IsControl: U+0000-001F, U+007F (DEL) and U+0080-009F (C1, CSI among them).
    private static bool NeedsEscaping(char c) =>
        char.IsControl(c) || IsLineBreak(c) || IsBidiControl(c);

    private static bool IsLineBreak(char c) => c is '\u2028' or '\u2029';

    // ALM, LRM, RLM, the embeddings and overrides (LRE..RLO), and the isolates (LRI..PDI).
    private static bool IsBidiControl(char c) =>
        c is '\u061c' or '\u200e' or '\u200f' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
}
