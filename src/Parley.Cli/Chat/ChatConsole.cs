using System.Text;
using System.Threading.Channels;
using Parley.Cli.Output;

namespace Parley.Cli.Chat;

/// <summary>
/// The interactive terminal: reads keys itself (no echo) into a <see cref="LineEditor"/>, so an
/// event printed while the user types never garbles their line. Every write happens under one
/// lock and follows the same steps: erase the prompt row, print the event, redraw prompt, typed
/// text and cursor. The only escape sequences written are its own: every printed line is made safe first.
/// </summary>
internal sealed class ChatConsole : IChatConsole
{
    private const string EraseRow = "\r\u001b[2K";
    private const string Bold = "\u001b[1;31m";
    private const string Plain = "\u001b[0m";

    private readonly Lock _lock = new();
    private readonly LineEditor _editor = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private readonly TextWriter _out = Console.Out;
    private readonly CancellationTokenSource _quit = new();
    private readonly string _prompt;
    private bool _promptShown;
    private bool _disposed;

    public ChatConsole(string prompt)
    {
        _prompt = prompt;
    }

    public ChannelReader<string> Lines => _lines.Reader;

    public CancellationToken QuitRequested => _quit.Token;

    public void Start()
    {
        // Ctrl+C arrives as a key (quit) rather than a signal, so the terminal is always left tidy.
        Console.TreatControlCAsInput = true;
        lock (_lock)
        {
            _promptShown = true;
            Write(new StringBuilder().Append(EraseRow), withPrompt: true);
        }

        new Thread(ReadKeys) { IsBackground = true, Name = "chat keyboard" }.Start();
    }

    public void Print(params IEnumerable<string> lines) => Show(lines, loud: false);

    public void Warn(params IEnumerable<string> lines) => Show(lines, loud: true);

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_promptShown)
            {
                _out.Write(EraseRow);
                _promptShown = false;
            }

            _out.Flush();
        }

        _lines.Writer.TryComplete();
        Console.TreatControlCAsInput = false;
    }

    private void Show(IEnumerable<string> lines, bool loud)
    {
        var output = new StringBuilder();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_promptShown)
            {
                output.Append(EraseRow);
            }

            foreach (var line in lines.Select(line => SafeText.ForTerminal(line)))
            {
                output.Append(loud ? Bold + line + Plain : line).Append("\r\n");
            }

            Write(output, withPrompt: _promptShown);
        }
    }

    // Blocking reads on a thread of its own: Console.ReadKey cannot be awaited or cancelled.
    private void ReadKeys()
    {
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                lock (_lock)
                {
                    if (_disposed || !HandleKey(key))
                    {
                        return;
                    }
                }
            }
        }
        catch (InvalidOperationException)
        {
            // The terminal went away: treat it as quitting.
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    /// <summary>Applies one key; false once the user quit.</summary>
    private bool HandleKey(ConsoleKeyInfo key)
    {
        switch (_editor.Apply(key))
        {
            case LineEditAction.Redraw:
                Write(new StringBuilder().Append(EraseRow), withPrompt: true);
                return true;
            case LineEditAction.Submit:
                _lines.Writer.TryWrite(_editor.TakeLine());
                Write(new StringBuilder().Append(EraseRow), withPrompt: true);
                return true;
            case LineEditAction.Quit:
                _out.Write(EraseRow);
                _out.Flush();
                _promptShown = false;
                _quit.Cancel();
                return false;
            default:
                return true;
        }
    }

    private void Write(StringBuilder output, bool withPrompt)
    {
        if (withPrompt)
        {
            var view = LineView.Of(_prompt, _editor.Text, _editor.Cursor, TerminalWidth());
            output.Append(view.Visible).Append('\r');
            if (view.CursorColumn > 0)
            {
                output.Append("\u001b[").Append(view.CursorColumn).Append('C');
            }
        }

        _out.Write(output.ToString());
        _out.Flush();
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
