using Parley.Cli.Chat;

namespace Parley.Cli.Tests;

public class LineEditorTests
{
    private static ConsoleKeyInfo Char(char c) => new(c, ConsoleKey.NoName, false, false, false);

    private static ConsoleKeyInfo Key(ConsoleKey key, char c = '\0') => new(c, key, false, false, false);

    private static ConsoleKeyInfo Control(char letter) =>
        new((char)(letter - 'A' + 1), ConsoleKey.A + (letter - 'A'), false, false, true);

    private static LineEditor Typed(string text)
    {
        var editor = new LineEditor();
        foreach (var c in text)
        {
            editor.Apply(Char(c));
        }

        return editor;
    }

    [Fact]
    public void Typing_inserts_at_the_cursor()
    {
        var editor = Typed("helo");
        editor.Apply(Key(ConsoleKey.LeftArrow));
        editor.Apply(Char('l'));
        Assert.Equal("hello", editor.Text);
        Assert.Equal(4, editor.Cursor);
    }

    [Fact]
    public void Backspace_both_as_key_and_as_DEL_character_erases_before_the_cursor()
    {
        var editor = Typed("abc");
        Assert.Equal(LineEditAction.Redraw, editor.Apply(Key(ConsoleKey.Backspace, '\b')));
        Assert.Equal(LineEditAction.Redraw, editor.Apply(new ConsoleKeyInfo('\x7f', ConsoleKey.NoName, false, false, false)));
        Assert.Equal("a", editor.Text);
        editor.Apply(Key(ConsoleKey.Home));
        Assert.Equal(LineEditAction.None, editor.Apply(Key(ConsoleKey.Backspace, '\b')));
        Assert.Equal("a", editor.Text);
    }

    [Fact]
    public void Home_end_and_arrows_move_within_the_line()
    {
        var editor = Typed("hello");
        editor.Apply(Key(ConsoleKey.Home));
        Assert.Equal(0, editor.Cursor);
        Assert.Equal(LineEditAction.None, editor.Apply(Key(ConsoleKey.LeftArrow)));
        editor.Apply(Key(ConsoleKey.RightArrow));
        Assert.Equal(1, editor.Cursor);
        editor.Apply(Key(ConsoleKey.End));
        Assert.Equal(5, editor.Cursor);
        Assert.Equal(LineEditAction.None, editor.Apply(Key(ConsoleKey.RightArrow)));
        editor.Apply(Control('A'));
        Assert.Equal(0, editor.Cursor);
        editor.Apply(Control('E'));
        Assert.Equal(5, editor.Cursor);
    }

    [Fact]
    public void Ctrl_U_erases_from_the_start_to_the_cursor_and_Ctrl_K_to_the_end()
    {
        var editor = Typed("hello world");
        for (var i = 0; i < 5; i++)
        {
            editor.Apply(Key(ConsoleKey.LeftArrow));
        }

        editor.Apply(Control('U'));
        Assert.Equal("world", editor.Text);
        Assert.Equal(0, editor.Cursor);
        editor.Apply(Key(ConsoleKey.RightArrow));
        editor.Apply(Control('K'));
        Assert.Equal("w", editor.Text);
    }

    [Fact]
    public void Ctrl_W_erases_the_word_before_the_cursor()
    {
        var editor = Typed("send this  ");
        editor.Apply(Control('W'));
        Assert.Equal("send ", editor.Text);
    }

    [Fact]
    public void Enter_submits_and_starts_an_empty_line()
    {
        var editor = Typed("/who");
        Assert.Equal(LineEditAction.Submit, editor.Apply(Key(ConsoleKey.Enter, '\r')));
        Assert.Equal("/who", editor.TakeLine());
        Assert.Equal("", editor.Text);
        Assert.Equal(0, editor.Cursor);
    }

    [Fact]
    public void Ctrl_C_quits_and_Ctrl_D_quits_only_on_an_empty_line()
    {
        var editor = Typed("ab");
        Assert.Equal(LineEditAction.Quit, editor.Apply(Control('C')));
        editor.Apply(Key(ConsoleKey.Home));
        Assert.Equal(LineEditAction.Redraw, editor.Apply(Control('D')));
        Assert.Equal("b", editor.Text);
        editor.Apply(Control('D'));
        Assert.Equal(LineEditAction.Quit, editor.Apply(Control('D')));
    }

    [Fact]
    public void Up_and_down_recall_earlier_lines_and_restore_the_draft()
    {
        var editor = Typed("first");
        editor.TakeLine();
        foreach (var c in "second")
        {
            editor.Apply(Char(c));
        }

        editor.TakeLine();
        foreach (var c in "draft")
        {
            editor.Apply(Char(c));
        }

        editor.Apply(Key(ConsoleKey.UpArrow));
        Assert.Equal("second", editor.Text);
        editor.Apply(Key(ConsoleKey.UpArrow));
        Assert.Equal("first", editor.Text);
        Assert.Equal(LineEditAction.None, editor.Apply(Key(ConsoleKey.UpArrow)));
        editor.Apply(Key(ConsoleKey.DownArrow));
        editor.Apply(Key(ConsoleKey.DownArrow));
        Assert.Equal("draft", editor.Text);
        Assert.Equal(5, editor.Cursor);
    }

    [Fact]
    public void Control_characters_other_than_editing_keys_are_not_inserted()
    {
        var editor = Typed("a");
        Assert.Equal(LineEditAction.None, editor.Apply(Key(ConsoleKey.Tab, '\t')));
        Assert.Equal(LineEditAction.None, editor.Apply(Key(ConsoleKey.Escape, '\x1b')));
        Assert.Equal("a", editor.Text);
    }
}
