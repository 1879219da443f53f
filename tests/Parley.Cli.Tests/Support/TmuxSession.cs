using System.Diagnostics;

namespace Parley.Cli.Tests.Support;

/// <summary>
/// A command running in a real terminal: a detached tmux session on a private server socket
/// (so nothing touches the user's tmux), read back with capture-pane. The whole tmux server,
/// and everything in it, is killed on dispose.
/// </summary>
internal sealed class TmuxSession : IDisposable
{
    public const string ExitMarker = "[chat exited ";

    private readonly string _socket = "parley-test-" + Guid.NewGuid().ToString("N")[..12];

    private TmuxSession()
    {
    }

    /// <summary>
    /// Runs ./parley with these arguments in a 120x30 terminal. When it exits, the pane prints
    /// "[chat exited CODE]" and stays open so the test can read the screen.
    /// </summary>
    public static async Task<TmuxSession> StartParleyAsync(string workingDirectory, params string[] args)
    {
        await LauncherBuild.EnsureBuiltAsync();
        var session = new TmuxSession();
        var command = $"{Quote(RepoRoot.Launcher)} {string.Join(' ', args.Select(Quote))}; echo \"{ExitMarker}$?]\"; sleep 600";
        try
        {
            session.Tmux("-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "120", "-y", "30", "-c", workingDirectory, command);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return session;
    }

    /// <summary>Types text literally (no key names), without Enter.</summary>
    public void Type(string text) => Tmux("send-keys", "-t", "main", "-l", text);

    /// <summary>Presses keys by tmux name: Enter, Left, Home, BSpace, C-u, C-c...</summary>
    public void Press(params string[] keys) => Tmux(["send-keys", "-t", "main", .. keys]);

    /// <summary>The visible screen, one string per row, trailing spaces removed.</summary>
    public IReadOnlyList<string> Screen() =>
        [.. Tmux("capture-pane", "-p", "-t", "main").Split('\n').Select(row => row.TrimEnd())];

    public (int Column, int Row) Cursor()
    {
        var parts = Tmux("display-message", "-p", "-t", "main", "#{cursor_x} #{cursor_y}").Trim().Split(' ');
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Polls the screen until the condition holds; the failure message shows the last screen.</summary>
    public async Task<IReadOnlyList<string>> WaitForScreenAsync(Func<IReadOnlyList<string>, bool> condition, string what)
    {
        IReadOnlyList<string> screen = [];
        try
        {
            await Deadline.UntilAsync(
                () =>
                {
                    screen = Screen();
                    return condition(screen);
                },
                () => what);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out waiting for {what}; the screen:\n{string.Join('\n', screen)}");
        }

        return screen;
    }

    public Task<IReadOnlyList<string>> WaitForTextAsync(string text) =>
        WaitForScreenAsync(screen => screen.Any(row => row.Contains(text, StringComparison.Ordinal)), $"'{text}' on screen");

    /// <summary>The last row with anything on it (where the prompt is, while it is shown).</summary>
    public static int LastUsedRow(IReadOnlyList<string> screen)
    {
        for (var row = screen.Count - 1; row >= 0; row--)
        {
            if (screen[row].Length > 0)
            {
                return row;
            }
        }

        return -1;
    }

    public void Dispose()
    {
        try
        {
            Tmux("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private string Tmux(params string[] args)
    {
        var info = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PARLEY_", StringComparison.Ordinal) || k == "TMUX").ToList())
        {
            info.Environment.Remove(key);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start tmux");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {error}");
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
