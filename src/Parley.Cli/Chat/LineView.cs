namespace Parley.Cli.Chat;

/// <summary>
/// What of the prompt and the typed line fits on one terminal row, and where the cursor goes.
/// The line never wraps: when it is longer than the row, the view scrolls to keep the cursor
/// visible, so clearing one row is always enough to erase it.
/// </summary>
internal readonly record struct LineView(string Visible, int CursorColumn)
{
    private const string Ellipsis = "…";

    public static LineView Of(string prompt, string text, int cursor, int width)
    {
        text = Printable(text);
        // The last column stays free: writing there makes some terminals wrap early.
        var room = Math.Max(1, width - 1 - prompt.Length);
        if (text.Length < room)
        {
            return new(prompt + text, prompt.Length + cursor);
        }

        // Scroll so the cursor sits inside the window, marking hidden text at either end.
        var start = Math.Max(0, cursor - room + 1);
        var end = Math.Min(text.Length, start + room);
        var visible = text[start..end];
        if (start > 0)
        {
            visible = Ellipsis + visible[1..];
        }

        if (end < text.Length && visible.Length > 1 && cursor - start < visible.Length - 1)
        {
            visible = visible[..^1] + Ellipsis;
        }

        return new(prompt + visible, prompt.Length + cursor - start);
    }

    // Typed text only holds printable characters, but a pasted one could be wide or odd; keep one column each.
    private static string Printable(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
}
