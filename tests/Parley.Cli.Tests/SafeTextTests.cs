using Parley.Cli.Output;

namespace Parley.Cli.Tests;

public class SafeTextTests
{
    [Fact]
    public void Escape_sequences_from_peers_are_shown_not_obeyed()
    {
        Assert.Equal("^[[2J^[]0;owned^G", SafeText.ForTerminal("\u001b[2J\u001b]0;owned\u0007"));
    }

    [Fact]
    public void Ordinary_text_including_non_ascii_is_unchanged()
    {
        Assert.Equal("grüße, 你好 🙂", SafeText.ForTerminal("grüße, 你好 🙂"));
    }

    [Fact]
    public void Newlines_are_kept_only_when_asked_and_bidi_overrides_are_escaped()
    {
        Assert.Equal("a^Jb", SafeText.ForTerminal("a\nb"));
        Assert.Equal("a\nb", SafeText.ForTerminal("a\nb", keepNewlines: true));
        Assert.Equal("\\u202eabc", SafeText.ForTerminal("\u202eabc"));
    }

    [Fact]
    public void Multi_line_message_bodies_indent_their_later_lines()
    {
        Assert.Equal("one\n    two", MessageLine.Body("one\r\ntwo"));
    }
}
