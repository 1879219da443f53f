using System.Diagnostics;

namespace Parley.Cli.Video;

/// <summary>
/// An external player (ffplay or mpv) reading MPEG-TS from its standard input, with its own window
/// and its stderr on ours. Both quit by themselves at the end of the stream (ffplay via -autoexit).
/// </summary>
internal sealed class VideoPlayer : IAsyncDisposable
{
    public static readonly string[] Known = ["ffplay", "mpv"];

    private readonly Process _process;
    private bool _inputClosed;

    private VideoPlayer(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Writing to it throws <see cref="IOException"/> once the player has quit.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    public static string InstallHint(string player) => player == "mpv"
        ? "mpv is not installed; install it (apt install mpv), or use --output FILE"
        : "ffplay is not installed; install it (apt install ffmpeg), or use --output FILE";

    public static string NoPlayerHint =>
        "no video player found: install ffplay (apt install ffmpeg) or mpv (apt install mpv), or write a file with --output FILE (or - for stdout)";

    /// <summary>The first of <paramref name="candidates"/> found on PATH.</summary>
    public static string? Find(IEnumerable<string> candidates)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var candidate in candidates)
        {
            foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var file = Path.Combine(directory, candidate);
                if (File.Exists(file))
                {
                    return file;
                }
            }
        }

        return null;
    }

    public static VideoPlayer Start(string executable, string title)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var name = Path.GetFileName(executable);
        var arguments = name == "mpv"
            ? new[] { "--really-quiet", $"--title={title}", "-" }
            : ["-loglevel", "error", "-autoexit", "-window_title", title, "-i", "-"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new VideoPlayer(Process.Start(start) ?? throw new IOException($"{executable} did not start"), name);
    }

    /// <summary>Ends the input and waits for the player to finish showing what it has.</summary>
    /// <returns>Its exit code: 0 when it played to the end or the viewer closed it.</returns>
    public async Task<int> FinishAsync()
    {
        if (!_inputClosed)
        {
            _inputClosed = true;
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The player was closed already.
            }
        }

        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>What to tell the user when the player exited with <paramref name="exitCode"/> (not 0).</summary>
    public string Failure(int exitCode, bool playedToTheEnd)
    {
        var what = $"{Name} stopped with exit code {exitCode}{(playedToTheEnd ? string.Empty : " before the end of the video")}";
        return HasDisplay()
            ? what
            : what + "; there is no display (DISPLAY and WAYLAND_DISPLAY are unset): write a file with --output FILE instead";
    }

    public async ValueTask DisposeAsync()
    {
        await FinishAsync();
        _process.Dispose();
    }

    private static bool HasDisplay() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
}
