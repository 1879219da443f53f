using System.ComponentModel;
using System.Diagnostics;

namespace Parley.Cli.Video;

/// <summary>
/// An external player (ffplay or mpv) reading MPEG-TS from its standard input, with its own window.
/// Both quit by themselves at the end of the stream and print errors only; what they print (mpv
/// prints to stdout) is passed on line by line, so it lands on our stderr between progress lines.
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

    /// <summary>The first of <paramref name="candidates"/> found on PATH as an executable file, as a shell would pick it.</summary>
    public static string? Find(IEnumerable<string> candidates)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var candidate in candidates)
        {
            foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var file = Path.Combine(directory, candidate);
                if (IsExecutableFile(file))
                {
                    return file;
                }
            }
        }

        return null;
    }

    /// <param name="showLine">Gets each line the player prints, from another thread, as it came (to be escaped by the sink).</param>
    public static VideoPlayer Start(string executable, string title, Action<string> showLine)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var name = Path.GetFileName(executable);
        foreach (var argument in name == "mpv" ? MpvArguments(title) : FfplayArguments(title))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Show(e.Data);
        process.ErrorDataReceived += (_, e) => Show(e.Data);
        try
        {
            if (!process.Start())
            {
                throw new IOException($"{executable} did not start");
            }
        }
        catch (Win32Exception ex)
        {
            // Executable by its mode, yet exec(2) refused it: a broken script interpreter, a binary for another machine.
            process.Dispose();
            // ex.Message also names the working directory; the system's own reason is enough.
            throw new PlayerFailedException($"{name} ({executable}) could not be started: {new Win32Exception(ex.NativeErrorCode).Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new VideoPlayer(process, name);

        void Show(string? line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                showLine(line);
            }
        }
    }

    /// <summary>
    /// Whether the player ended as a viewer ends it: 0 at the end or when its window is closed; for
    /// mpv also 4, its code for Ctrl+C in its window (or a signal).
    /// </summary>
    public bool EndedNormally(int exitCode) => exitCode == 0 || (Name == "mpv" && exitCode == 4);

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

        // Also waits until everything it printed has been passed on.
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>Ends the player now (and what it started), without waiting for it to show what it has.</summary>
    public void Stop()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
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

    private static bool IsExecutableFile(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & AnyExecute) != 0;
    }

    private static string[] FfplayArguments(string title) => ["-loglevel", "error", "-autoexit", "-window_title", title, "-i", "-"];

    // --no-input-terminal: mpv would otherwise take the terminal (no echo, keypad mode) and read
    // keys from /dev/tty while our progress line is there; its window still takes keys.
    // --keep-open/--idle: quit at the end of the stream even if the user's mpv.conf says otherwise.
    // --title is a property template, where "$" starts an expansion and "$$" is a plain "$".
    private static string[] MpvArguments(string title) =>
    [
        "--msg-level=all=error", "--no-input-terminal", "--keep-open=no", "--idle=no", "--title=" + title.Replace("$", "$$", StringComparison.Ordinal), "-",
    ];

    private static bool HasDisplay() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
}
