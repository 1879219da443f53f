using System.Runtime.Versioning;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// `parley play` of a video that exists, asked for a height it does not have or a start past its
/// end: one error line, exit 1, and nothing made first (no player started, no file written).
/// </summary>
[Collection(StreamingCommandLineCollection.Name)]
public sealed class PlayOfAnUnplayableRequestTests(StreamingServer server)
{
    public static TheoryData<string[], string> Unplayable => new()
    {
        { ["--quality", "999"], "'demo' has no 999p rendition; available: 240p, 720p, 1080p" },
        { ["--start", "999"], "--start 999 is past the end of 'demo' (12 s)" },
        { ["--quality", "thirds", "--start", "12"], "--start 12 is past the end of 'demo' (12 s)" },
    };

    [Theory]
    [MemberData(nameof(Unplayable))]
    [UnsupportedOSPlatform("windows")]
    public async Task Into_a_player_it_fails_with_one_line_and_never_starts_the_player(string[] request, string expected)
    {
        // This "ffplay" only notes that it was started and swallows whatever it is given.
        var player = await FakePlayer.WriteAsync(server, "ffplay", FakePlayer.Swallow);
        var environment = new Dictionary<string, string> { ["PATH"] = player.SearchPath };

        var result = await server.ParleyAsync(ParleyCli.Play(server, [.. request, "--player", "ffplay"]), environment);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.False(player.WasStarted, "the player was started: " + result);
        Assert.Equal("parley: " + expected, OneLine(result));
    }

    [Theory]
    [MemberData(nameof(Unplayable))]
    public async Task Into_a_file_it_fails_with_one_line_and_creates_no_file(string[] request, string expected)
    {
        var folder = Directory.CreateDirectory(server.TempFile("out")).FullName;
        var file = Path.Combine(folder, "video.ts");

        var result = await server.ParleyAsync(ParleyCli.Play(server, [.. request, "--output", file]));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("parley: " + expected, OneLine(result));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task Into_a_file_that_exists_it_leaves_the_file_as_it_was()
    {
        var file = server.TempFile("kept.ts");
        await File.WriteAllTextAsync(file, "an earlier recording");

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "999", "--output", file));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("an earlier recording", await File.ReadAllTextAsync(file));
        Assert.False(File.Exists(file + ".part"));
    }

    [Fact]
    public async Task Into_stdout_it_fails_with_one_line_and_writes_nothing()
    {
        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "999", "--output", "-"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("parley: 'demo' has no 999p rendition; available: 240p, 720p, 1080p", OneLine(result));
        Assert.Empty(result.StdoutBytes);
    }

    private static string OneLine(ProcessRun result) =>
        Assert.Single(result.StderrText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
}
