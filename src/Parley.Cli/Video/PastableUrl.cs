namespace Parley.Cli.Video;

/// <summary>
/// Whether a URL can be shown inside single quotes as a command to paste (`try: ffplay '…'`): only
/// letters, digits and the URL punctuation no shell treats specially inside single quotes
/// (- . _ ~ : / ? # [ ] @ &amp; = + , %). A quote, backslash, '!' or '$', a space, a control or a
/// non-ASCII character (or an empty URL) means no hint is printed.
/// </summary>
internal static class PastableUrl
{
    private const string Punctuation = "-._~:/?#[]@&=+,%";

    public static bool IsSafe(string url) =>
        url.Length > 0 && url.All(c => char.IsAsciiLetterOrDigit(c) || Punctuation.Contains(c, StringComparison.Ordinal));
}
