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
        Assert.Equal(["bob: one", "    two"], MessageLine.Lines("bob: ", "one\r\ntwo"));
    }

    [Fact]
    public void C1_controls_bell_carriage_return_backspace_and_delete_are_escaped()
    {
        Assert.Equal("\\u009b31m^G^M^H\\u007f\\u0085", SafeText.ForTerminal("\u009b31m\u0007\r\b\u007f\u0085"));
    }

    [Fact]
    public void Every_bidirectional_control_is_escaped()
    {
        Assert.Equal(
            "\\u061c\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069",
            SafeText.ForTerminal("\u061c\u200e\u200f\u202a\u202e\u2066\u2069"));
    }

    [Fact]
    public void Escaping_twice_changes_nothing_so_any_sink_may_escape_again()
    {
        var once = SafeText.ForTerminal("\u001b[2J a^b c\\d \u202e \u009b \t");

        Assert.Equal(once, SafeText.ForTerminal(once));
    }
}
