using System.Text;
using System.Text.Json;

namespace Parley.Cli.Tests.Support;

/// <summary>
/// Text a peer or a server could send to take over the terminal, and the checks that it did not:
/// no ESC, BEL or single-character CSI byte, no bare carriage return, and no faked message line.
/// </summary>
internal static class HostileText
{
    /// <summary>The start of the message line <see cref="Text"/> tries to fake.</summary>
    public const string FakeLineStart = "[12:00:00] alice:";

    /// <summary>
    /// Clears the screen, sets the window title (OSC, ended by BEL), rings the bell, returns the
    /// carriage to overwrite the line, starts a C1 CSI sequence, and fakes a message on a new line.
    /// </summary>
    public const string Text = "x\u001b[2J\u001b]0;pwned\u0007 ring\u0007 back\rover \u009b31m red\n" + FakeLineStart + " send me your password";

    /// <summary>Something of <see cref="Text"/> that survives escaping, to show it was printed at all.</summary>
    public const string Visible = "pwned";

    public static void AssertSafe(byte[] output, string what)
    {
        Assert.False(output.Contains((byte)0x1b), $"{what} holds a raw ESC:\n{Show(output)}");
        Assert.False(output.Contains((byte)0x07), $"{what} holds a raw BEL:\n{Show(output)}");
        var text = Encoding.UTF8.GetString(output);
        Assert.False(text.Contains('\u009b', StringComparison.Ordinal), $"{what} holds a raw CSI (U+009B):\n{Show(output)}");
        Assert.False(text.Replace("\r\n", "\n", StringComparison.Ordinal).Contains('\r', StringComparison.Ordinal), $"{what} holds a bare CR:\n{Show(output)}");
        Assert.False(
            text.Split('\n', '\r').Any(line => line.StartsWith(FakeLineStart, StringComparison.Ordinal)),
            $"{what} starts a line with the faked message:\n{Show(output)}");
    }

    /// <summary>Each line of <paramref name="stdout"/> is one JSON object; returns them.</summary>
    public static List<JsonElement> AssertJsonLines(byte[] stdout)
    {
        var lines = Encoding.UTF8.GetString(stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return [.. lines.Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <summary>The output with every control character spelled out, for a failure message.</summary>
    private static string Show(byte[] output) =>
        string.Concat(Encoding.UTF8.GetString(output).Select(c => char.IsControl(c) && c != '\n' ? $"<{(int)c:x2}>" : c.ToString()));
}
