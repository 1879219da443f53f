using System.Text;

namespace Parley.Cli.Chat;

/// <summary>
/// The line being typed: its text, the cursor within it, and earlier lines for Up/Down.
/// Pure state; <see cref="ChatConsole"/> feeds it keys and draws it.
/// </summary>
internal sealed class LineEditor
{
    private const int MaxHistory = 200;

    private readonly StringBuilder _text = new();
    private readonly List<string> _history = [];
    private int _historyIndex;
    private string _draft = "";

    public string Text => _text.ToString();

    /// <summary>Characters before the cursor (0..Text.Length).</summary>
    public int Cursor { get; private set; }

    public LineEditAction Apply(ConsoleKeyInfo key)
    {
        if (key.Modifiers.HasFlag(ConsoleModifiers.Control) || key.KeyChar is > '\0' and < ' ' or '\x7f')
        {
            var handled = ApplyControl(key);
            if (handled is not null)
            {
                return handled.Value;
            }
        }

        switch (key.Key)
        {
            case ConsoleKey.Enter:
                return LineEditAction.Submit;
            case ConsoleKey.Backspace:
                return DeleteBefore(1);
            case ConsoleKey.Delete:
                return DeleteAfter(1);
            case ConsoleKey.LeftArrow:
                return MoveTo(Cursor - 1);
            case ConsoleKey.RightArrow:
                return MoveTo(Cursor + 1);
            case ConsoleKey.Home:
                return MoveTo(0);
            case ConsoleKey.End:
                return MoveTo(_text.Length);
            case ConsoleKey.UpArrow:
                return Recall(_historyIndex - 1);
            case ConsoleKey.DownArrow:
                return Recall(_historyIndex + 1);
            default:
                break;
        }

        return key.KeyChar >= ' ' && !char.IsControl(key.KeyChar) ? Insert(key.KeyChar) : LineEditAction.None;
    }

    /// <summary>Returns the typed line, remembers it for Up, and starts an empty one.</summary>
    public string TakeLine()
    {
        var line = Text;
        if (line.Trim().Length > 0 && (_history.Count == 0 || _history[^1] != line))
        {
            _history.Add(line);
            if (_history.Count > MaxHistory)
            {
                _history.RemoveAt(0);
            }
        }

        _historyIndex = _history.Count;
        _draft = "";
        Replace("");
        return line;
    }

    private LineEditAction? ApplyControl(ConsoleKeyInfo key)
    {
        // Terminals send these as bare control characters; .NET reports some as letters with Control.
        var letter = key.KeyChar is >= '\x01' and <= '\x1a'
            ? (char)('A' + key.KeyChar - 1)
            : key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key is >= ConsoleKey.A and <= ConsoleKey.Z
                ? (char)('A' + (key.Key - ConsoleKey.A))
                : '\0';
        return letter switch
        {
            'C' => LineEditAction.Quit,
            'D' => _text.Length == 0 ? LineEditAction.Quit : DeleteAfter(1),
            'A' => MoveTo(0),
            'E' => MoveTo(_text.Length),
            'B' => MoveTo(Cursor - 1),
            'F' => MoveTo(Cursor + 1),
            'U' => DeleteBefore(Cursor),
            'K' => DeleteAfter(_text.Length - Cursor),
            'W' => DeleteBefore(Cursor - WordStartBeforeCursor()),
            'H' => DeleteBefore(1),
            'P' => Recall(_historyIndex - 1),
            'N' => Recall(_historyIndex + 1),
            'M' or 'J' => LineEditAction.Submit,
            _ => key.KeyChar == '\x7f' ? DeleteBefore(1) : null,
        };
    }

    private LineEditAction Insert(char c)
    {
        _text.Insert(Cursor, c);
        Cursor++;
        return LineEditAction.Redraw;
    }

    private LineEditAction DeleteBefore(int count)
    {
        count = Math.Min(count, Cursor);
        if (count <= 0)
        {
            return LineEditAction.None;
        }

        _text.Remove(Cursor - count, count);
        Cursor -= count;
        return LineEditAction.Redraw;
    }

    private LineEditAction DeleteAfter(int count)
    {
        count = Math.Min(count, _text.Length - Cursor);
        if (count <= 0)
        {
            return LineEditAction.None;
        }

        _text.Remove(Cursor, count);
        return LineEditAction.Redraw;
    }

    private LineEditAction MoveTo(int position)
    {
        position = Math.Clamp(position, 0, _text.Length);
        if (position == Cursor)
        {
            return LineEditAction.None;
        }

        Cursor = position;
        return LineEditAction.Redraw;
    }

    private int WordStartBeforeCursor()
    {
        var i = Cursor;
        while (i > 0 && _text[i - 1] == ' ')
        {
            i--;
        }

        while (i > 0 && _text[i - 1] != ' ')
        {
            i--;
        }

        return i;
    }

    private LineEditAction Recall(int index)
    {
        if (index < 0 || index > _history.Count || index == _historyIndex)
        {
            return LineEditAction.None;
        }

        if (_historyIndex == _history.Count)
        {
            _draft = Text;
        }

        _historyIndex = index;
        Replace(index == _history.Count ? _draft : _history[index]);
        return LineEditAction.Redraw;
    }

    private void Replace(string text)
    {
        _text.Clear().Append(text);
        Cursor = _text.Length;
    }
}
