using System.Threading.Channels;
using Parley.Cli.Output;

namespace Parley.Cli.Chat;

/// <summary>Chat without a terminal (input or output redirected): whole lines in, lines out.</summary>
internal sealed class PlainChatConsole : IChatConsole
{
    private readonly Lock _lock = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new() { SingleReader = true });

    public ChannelReader<string> Lines => _lines.Reader;

    // End of input means "after the lines before it": that is Lines completing, not an abrupt quit.
    public CancellationToken QuitRequested => CancellationToken.None;

    // Console.In reads synchronously even through its async methods, hence a thread of its own.
    public void Start() => new Thread(ReadLines) { IsBackground = true, Name = "chat input" }.Start();

    public void Print(params IEnumerable<string> lines)
    {
        lock (_lock)
        {
            Terminal.Out.Lines(lines);
        }
    }

    public void Warn(params IEnumerable<string> lines) => Print(lines);

    public void Dispose() => _lines.Writer.TryComplete();

    private void ReadLines()
    {
        try
        {
            while (Console.In.ReadLine() is { } line)
            {
                _lines.Writer.TryWrite(line);
            }
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }
}
