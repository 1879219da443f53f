using Parley.Cli.Chat;

namespace Parley.Cli.Tests;

public class LineViewTests
{
    [Fact]
    public void A_short_line_is_shown_whole_with_the_cursor_after_the_prompt()
    {
        var view = LineView.Of("alice> ", "hello", 2, 80);
        Assert.Equal("alice> hello", view.Visible);
        Assert.Equal(9, view.CursorColumn);
    }

    [Fact]
    public void A_long_line_scrolls_to_keep_the_cursor_visible_and_never_fills_the_row()
    {
        var text = new string('x', 50) + "END";
        var view = LineView.Of("> ", text, text.Length, 20);
        Assert.True(view.Visible.Length <= 19, view.Visible);
        Assert.EndsWith("END", view.Visible, StringComparison.Ordinal);
        Assert.StartsWith("> …", view.Visible, StringComparison.Ordinal);
        Assert.Equal(view.Visible.Length, view.CursorColumn);
    }

    [Fact]
    public void A_long_line_with_the_cursor_at_the_start_shows_its_beginning()
    {
        var text = "START" + new string('x', 50);
        var view = LineView.Of("> ", text, 0, 20);
        Assert.True(view.Visible.Length <= 19, view.Visible);
        Assert.StartsWith("> START", view.Visible, StringComparison.Ordinal);
        Assert.EndsWith("…", view.Visible, StringComparison.Ordinal);
        Assert.Equal(2, view.CursorColumn);
    }
}
