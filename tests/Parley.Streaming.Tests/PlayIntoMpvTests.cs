using System.Globalization;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// `parley play --player mpv`, piping into a real mpv. There is no display here, so each test gives
/// mpv a config directory of its own (MPV_HOME, read by mpv whatever parley passes) with null video
/// and audio outputs (it still decodes and paces every frame), a log file, and a script that logs
/// the media time it played and why the file ended.
/// </summary>
[Collection(StreamingCommandLineCollection.Name)]
public sealed class PlayIntoMpvTests(StreamingServer server)
{
    private const string Headless = "vo=null\nao=null\n";

    [Fact]
    public async Task Play_into_mpv_feeds_it_a_stream_it_decodes_at_720p_to_the_end_and_mpv_quits_by_itself()
    {
        // Even for a viewer whose mpv.conf keeps mpv open at the end of a file.
        var mpv = await MpvHomeAsync(Headless + "keep-open=yes\nidle=yes\n");

        // --start 8 plays the last two segments (4 s at real time) to keep the test short.
        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "720", "--start", "8", "--player", "mpv"), mpv.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("play: 0:12 / 0:12", result.StderrText, StringComparison.Ordinal);
        Assert.Contains("to the player", result.StderrText, StringComparison.Ordinal);
        Assert.Empty(result.StdoutBytes);
        var log = await File.ReadAllTextAsync(mpv.Log);
        Assert.Contains("Detected file format: mpegts", log, StringComparison.Ordinal);
        Assert.Contains("VO: [null] 1280x720", log, StringComparison.Ordinal);
        var (reason, first, last) = MpvHome.End(log);
        Assert.Equal("eof", reason);
        Assert.True(last - first >= 3.5, $"mpv played {first} .. {last} only: {log}");
    }

    [Theory]
    [UnsupportedOSPlatform("windows")]
    [InlineData("quit")]
    [InlineData("quit 4")]
    public async Task Mpv_quit_by_the_viewer_before_the_end_stops_play_cleanly_with_exit_code_0(string quit)
    {
        // A viewer who closes mpv's window (quit) or presses Ctrl+C in it (quit 4, mpv's exit code
        // 4) as soon as the video shows. Only the first 300 kB of the 1080p stream (about 4.6 MB)
        // reach mpv, which would otherwise read all of it ahead into its cache.
        var mpv = await MpvHomeAsync(Headless, $"mp.register_event('playback-restart', function() mp.command('{quit}') end)");
        var player = await FakePlayer.WriteAsync(server, "mpv", FakePlayer.RealPlayerFor("mpv", 300_000));
        var environment = new Dictionary<string, string>(mpv.Environment) { ["PATH"] = player.SearchPath };

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "1080", "--player", "mpv"), environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("play: the player was closed before the end of the video", result.StderrText, StringComparison.Ordinal);
        Assert.DoesNotContain("0:12 / 0:12", result.StderrText, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StderrText, StringComparison.Ordinal);
        Assert.Equal("quit", MpvHome.End(await File.ReadAllTextAsync(mpv.Log)).Reason);
    }

    [Fact]
    public async Task Mpv_without_a_display_makes_play_fail_with_its_reason_and_one_line_of_ours()
    {
        var mpv = await MpvHomeAsync("vo=x11\nao=null\n");
        var environment = new Dictionary<string, string>(mpv.Environment) { ["DISPLAY"] = string.Empty, ["WAYLAND_DISPLAY"] = string.Empty };

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "240", "--player", "mpv"), environment);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(result.StdoutBytes);
        Assert.Contains("couldn't open the X11 display", result.StderrText, StringComparison.Ordinal);
        var ours = Assert.Single(result.StderrText.Split('\n'), line => line.StartsWith("parley: ", StringComparison.Ordinal));
        Assert.StartsWith("parley: mpv stopped with exit code 2", ours, StringComparison.Ordinal);
        Assert.Contains("there is no display", ours, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StderrText, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Play_into_mpv_on_a_terminal_writes_nothing_there_but_parleys_own_lines()
    {
        // script(1) runs parley on a pseudo-terminal and records every byte written to it. Left to
        // itself mpv would set the keypad mode there (ESC = ... ESC >) and colour its messages.
        // .NET's console sets that mode once as it starts (ESC [ ? 1 h ESC =): that one is ours.
        var mpv = await MpvHomeAsync(Headless);
        var typescript = server.TempFile("typescript");
        string[] play = [Path.Combine(RepoRoot.Path, "parley"), .. ParleyCli.Play(server, "--quality", "240", "--start", "8", "--player", "mpv")];
        var environment = new Dictionary<string, string>(mpv.Environment) { ["PARLEY_HOME"] = server.Home };

        var result = await ProcessRunner.RunAsync(
            ProcessRunner.OnPath("script"),
            ["-q", "-e", "-c", string.Join(' ', play.Select(word => $"'{word}'")), typescript],
            environment,
            TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.ToString());
        var written = await File.ReadAllTextAsync(typescript);
        Assert.Contains("0:12 / 0:12", written, StringComparison.Ordinal);
        Assert.Contains("to the player", written, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', written.Replace("\u001b[?1h\u001b=", string.Empty, StringComparison.Ordinal));
        Assert.Equal("eof", MpvHome.End(await File.ReadAllTextAsync(mpv.Log)).Reason);
    }

    private async Task<MpvHome> MpvHomeAsync(string config, string? script = null)
    {
        var home = Directory.CreateDirectory(server.TempFile("mpv-home")).FullName;
        var log = Path.Combine(home, "mpv.log");
        await File.WriteAllTextAsync(Path.Combine(home, "mpv.conf"), config + $"log-file={log}\n");
        var scripts = Directory.CreateDirectory(Path.Combine(home, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "played.lua"), MpvHome.PlayedScript + "\n" + (script ?? string.Empty) + "\n");
        return new MpvHome(log, new Dictionary<string, string> { ["MPV_HOME"] = home });
    }

    private sealed record MpvHome(string Log, IReadOnlyDictionary<string, string> Environment)
    {
        /// <summary>Logs the first and last media time shown and why the file ended.</summary>
        public const string PlayedScript = """
            local first, last
            mp.observe_property('time-pos', 'number', function(_, t)
              if t then first = first or t; last = t end
            end)
            mp.register_event('end-file', function(e)
              mp.msg.info(string.format('played: %s %.3f %.3f', e.reason, first or -1, last or -1))
            end)
            """;

        public static (string Reason, double First, double Last) End(string log)
        {
            var match = Regex.Match(log, @"played: (\S+) (-?[\d.]+) (-?[\d.]+)");
            Assert.True(match.Success, "mpv's log has no end of file: " + log);
            return (
                match.Groups[1].Value,
                double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
                double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
        }
    }
}
