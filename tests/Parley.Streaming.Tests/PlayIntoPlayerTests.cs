using System.Globalization;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// `parley play` without --output, piping into a real ffplay. There is no display here, so the
/// tests give ffplay SDL's dummy video and audio drivers (it still decodes and paces every frame),
/// and FFREPORT makes it log what it decoded to a file whatever parley passes as -loglevel.
/// </summary>
[Collection(StreamingCommandLineCollection.Name)]
public sealed class PlayIntoPlayerTests(StreamingServer server)
{
    [Fact]
    public async Task Play_into_ffplay_feeds_it_a_stream_it_decodes_at_720p_to_the_end()
    {
        var report = server.TempFile("ffplay.log");
        var environment = HeadlessFfplay();
        environment["FFREPORT"] = $"file={report}:level=32";

        // --start 8 plays the last two segments (4 s at real time) to keep the test short.
        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "720", "--start", "8", "--player", "ffplay"), environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("play: 0:12 / 0:12", result.StderrText, StringComparison.Ordinal);
        Assert.Contains("to the player", result.StderrText, StringComparison.Ordinal);
        var log = await File.ReadAllTextAsync(report);
        Assert.Contains("Input #0, mpegts, from 'pipe:'", log, StringComparison.Ordinal);
        Assert.Matches(@"Stream #0:0\S*: Video: h264 .*, 1280x720", log);

        // ffplay's status line shows its master clock (media time) as it plays: 4 s of video must have gone by.
        var clocks = Regex.Matches(log, @"(\d+\.\d+) A-V:")
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(clocks.Count > 0, "ffplay showed no frame: " + log);
        Assert.True(clocks.Max() - clocks.Min() >= 3.5, $"ffplay played {clocks.Min()} .. {clocks.Max()} only");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task A_player_closed_before_the_end_stops_play_cleanly_with_exit_code_0()
    {
        // A viewer who closes the window early: this "ffplay" shows only the first 300 kB of the
        // 1080p stream (about 4.6 MB), then quits with 0 as ffplay does when its window is closed.
        var player = await FakePlayer.WriteAsync(server, "ffplay", FakePlayer.RealPlayerFor("ffplay", 300_000));
        var environment = HeadlessFfplay();
        environment["PATH"] = player.SearchPath;

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "1080", "--player", "ffplay"), environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("play: the player was closed before the end of the video", result.StderrText, StringComparison.Ordinal);
        Assert.DoesNotContain("0:12 / 0:12", result.StderrText, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StderrText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_player_that_fails_makes_play_fail_with_its_exit_code_and_one_line()
    {
        var environment = HeadlessFfplay();
        environment["SDL_VIDEODRIVER"] = "no-such-driver";

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "240", "--player", "ffplay"), environment);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Could not initialize SDL", result.StderrText, StringComparison.Ordinal);
        Assert.Contains("parley: ffplay stopped with exit code 1", result.StderrText, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StderrText, StringComparison.Ordinal);
    }

    [Theory]
    [UnsupportedOSPlatform("windows")]
    [InlineData("no-such-video", "no video named 'no-such-video'")]
    [InlineData("../../etc/passwd", "not a valid video name")]
    public async Task Play_of_a_bad_video_name_fails_with_one_line_and_never_starts_the_player(string video, string expected)
    {
        // This "ffplay" notes that it was started, then runs the real one (which, given no stream,
        // would print its own "Invalid data found" line).
        var player = await FakePlayer.WriteAsync(server, "ffplay", FakePlayer.RealPlayer("ffplay"));
        var environment = HeadlessFfplay();
        environment["PATH"] = player.SearchPath;

        var result = await server.ParleyAsync(["play", video, "--server", server.Address, "--name", ParleyCli.Viewer, "--player", "ffplay"], environment);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.False(player.WasStarted, "the player was started: " + result);
        var line = Assert.Single(result.StderrText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("parley: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task A_non_executable_ffplay_first_on_PATH_is_passed_over_for_the_next()
    {
        var next = await FakePlayer.WriteAsync(server, "ffplay", FakePlayer.Swallow);
        var notExecutable = NonExecutableFfplay();

        var result = await server.ParleyAsync(
            ParleyCli.Play(server, "--quality", "240", "--player", "ffplay"),
            new Dictionary<string, string> { ["PATH"] = notExecutable + Path.PathSeparator + next.SearchPath });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(next.WasStarted, "the next ffplay on PATH was not started: " + result);
        Assert.Contains("to the player", result.StderrText, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task A_non_executable_ffplay_alone_on_PATH_is_no_player()
    {
        var result = await RunWithPathAsync(NonExecutableFfplay(), "--player", "ffplay");

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.StderrText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("parley: ffplay is not installed", line, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task An_ffplay_that_cannot_be_executed_fails_play_with_one_line()
    {
        // Executable by its mode, but exec(2) refuses it: its interpreter does not exist.
        var bin = Directory.CreateDirectory(server.TempFile("bin")).FullName;
        var broken = Path.Combine(bin, "ffplay");
        await File.WriteAllTextAsync(broken, "#!/no/such/interpreter\n");
        File.SetUnixFileMode(broken, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await server.ParleyAsync(
            ParleyCli.Play(server, "--quality", "240", "--player", "ffplay"),
            new Dictionary<string, string> { ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") });

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.StderrText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"parley: ffplay ({broken}) could not be started: ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "no video player found: install ffplay (apt install ffmpeg) or mpv (apt install mpv)")]
    [InlineData("mpv", "mpv is not installed; install it (apt install mpv), or use --output FILE")]
    [InlineData("ffplay", "ffplay is not installed; install it (apt install ffmpeg), or use --output FILE")]
    public async Task Play_without_a_player_on_PATH_says_how_to_get_one(string? player, string expected)
    {
        var emptyPath = Directory.CreateDirectory(server.TempFile("empty-path")).FullName;

        var result = await RunWithPathAsync(emptyPath, player is null ? [] : ["--player", player]);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.StderrText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("parley: " + expected, line, StringComparison.Ordinal);
    }

    /// <summary>Runs play with only <paramref name="path"/> on PATH.</summary>
    private async Task<ProcessRun> RunWithPathAsync(string path, params string[] extra)
    {
        // ./parley needs bash and coreutils from PATH, so run the program it builds directly.
        var build = await server.ParleyAsync("play", "--help");
        Assert.True(build.ExitCode == 0, build.ToString());
        string[] arguments = [Path.Combine(RepoRoot.Path, ".build", "cli", "parley.dll"), .. ParleyCli.Play(server), .. extra];
        return await ProcessRunner.RunAsync(
            ProcessRunner.OnPath("dotnet"),
            arguments,
            new Dictionary<string, string> { ["PATH"] = path, ["PARLEY_HOME"] = server.Home });
    }

    /// <summary>A folder holding a file named ffplay that nobody may execute.</summary>
    [UnsupportedOSPlatform("windows")]
    private string NonExecutableFfplay()
    {
        var folder = Directory.CreateDirectory(server.TempFile("noexec")).FullName;
        var file = Path.Combine(folder, "ffplay");
        File.WriteAllText(file, "not a program\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return folder;
    }

    private static Dictionary<string, string> HeadlessFfplay() => new()
    {
        ["SDL_VIDEODRIVER"] = "dummy",
        ["SDL_AUDIODRIVER"] = "dummy",
    };
}
