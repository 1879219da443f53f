using System.Threading.Channels;

namespace Parley.Cli.Chat;

/// <summary>Where a chat session reads typed lines and prints what happens; safe to print from any thread.</summary>
internal interface IChatConsole : IDisposable
{
    /// <summary>Lines the user entered; completes when they quit (Ctrl+C, Ctrl+D, end of input).</summary>
    ChannelReader<string> Lines { get; }

    /// <summary>Cancelled when the user asks to leave at once (Ctrl+C on the terminal), even before connecting.</summary>
    CancellationToken QuitRequested { get; }

    /// <summary>Starts reading input (and shows the prompt, on a terminal).</summary>
    void Start();

    /// <summary>Prints text (one or more lines) above the line being typed.</summary>
    void Print(string text);

    /// <summary>Like <see cref="Print"/>, but made to stand out: security warnings, failures.</summary>
    void Warn(string text);
}
