using System.Globalization;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Video;

/// <summary>
/// The progress line on stderr: position / duration, rendition, throughput, buffer. Rewritten in
/// place (\r) on a terminal; one plain line per segment when stderr is a file or pipe.
/// </summary>
internal sealed class PlaybackProgressLine(TextWriter error, bool interactive) : IProgress<PlaybackProgress>
{
    private readonly Lock _gate = new();
    private int _width;

    public static PlaybackProgressLine ForStandardError() => new(Console.Error, !Console.IsErrorRedirected);

    public void Report(PlaybackProgress value)
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{VideoWords.Duration(value.PositionSeconds)} / {VideoWords.Duration(value.DurationSeconds)}  {value.Height}p  {VideoWords.Bitrate(value.ThroughputBps)}  buffer {Math.Max(0, value.BufferSeconds):0.0} s");
        lock (_gate)
        {
            if (interactive)
            {
                error.Write("\r" + text.PadRight(_width));
                _width = Math.Max(_width, text.Length);
            }
            else
            {
                error.WriteLine("play: " + text);
            }

            error.Flush();
        }
    }

    /// <summary>Removes the progress line from a terminal (before an error message).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (interactive && _width > 0)
            {
                error.Write("\r" + new string(' ', _width) + "\r");
                error.Flush();
                _width = 0;
            }
        }
    }

    /// <summary>
    /// Prints a line (an incoming message, what the player said, the summary) without garbling the
    /// progress line; it is made safe to show first (<see cref="SafeText"/>).
    /// </summary>
    public void Line(string text)
    {
        lock (_gate)
        {
            Clear();
            error.WriteLine(SafeText.ForTerminal(text));
            error.Flush();
        }
    }
}
