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

    /// <summary>
    /// Prints lines above the line being typed, each made safe to show (<see cref="Output.SafeText"/>):
    /// a line break inside one is shown, not obeyed, so text from peers can be passed as it came.
    /// </summary>
    void Print(params IEnumerable<string> lines);

    /// <summary>Like <see cref="Print"/>, but made to stand out: security warnings, failures.</summary>
    void Warn(params IEnumerable<string> lines);
}
