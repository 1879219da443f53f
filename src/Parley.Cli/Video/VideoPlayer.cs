using System.Diagnostics;

namespace Parley.Cli.Video;

/// <summary>An external player (ffplay or mpv) reading MPEG-TS from its standard input.</summary>
internal sealed class VideoPlayer : IAsyncDisposable
{
    public static readonly string[] Known = ["ffplay", "mpv"];

    private readonly Process _process;

    private VideoPlayer(Process process) => _process = process;

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
        var arguments = Path.GetFileName(executable) == "mpv"
            ? new[] { "--really-quiet", $"--title={title}", "-" }
            : ["-loglevel", "error", "-autoexit", "-window_title", title, "-i", "-"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new VideoPlayer(Process.Start(start) ?? throw new IOException($"{executable} did not start"));
    }

    /// <summary>Ends the input and waits for the player to finish showing it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The player was closed already.
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
