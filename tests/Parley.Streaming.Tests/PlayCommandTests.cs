using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

[Collection(StreamingCommandLineCollection.Name)]
public sealed class PlayCommandTests(StreamingServer server)
{
    private static readonly int s_allFrames = FrameProbe.ExpectedFrames(TestMedia.DurationSeconds);

    [Fact]
    public async Task Play_at_720_writes_one_file_whose_every_frame_decodes_at_1280x720()
    {
        var file = server.TempFile("720.ts");

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "720", "--output", file));

        Assert.True(result.ExitCode == 0, result.ToString());
        var frames = await FrameProbe.FrameSizesAsync(file);
        Assert.Equal(s_allFrames, frames.Count);
        Assert.All(frames, f => Assert.Equal((1280, 720), f));
    }

    [Fact]
    public async Task Play_thirds_switches_from_low_to_middle_to_high_resolution_in_one_stream()
    {
        var file = server.TempFile("thirds.ts");

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "thirds", "--output", file));

        Assert.True(result.ExitCode == 0, result.ToString());
        var frames = await FrameProbe.FrameSizesAsync(file);
        Assert.Equal(s_allFrames, frames.Count);
        var runs = Runs(frames);
        Assert.Equal([(426, 240), (1280, 720), (1920, 1080)], runs.Select(r => r.Size));
        Assert.All(runs, r => Assert.InRange(r.Count, (s_allFrames / 3) - 5, (s_allFrames / 3) + 5));
    }

    [Fact]
    public async Task Play_auto_without_a_cap_starts_low_and_climbs_to_the_top_rendition()
    {
        var file = server.TempFile("auto.ts");

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--output", file));

        Assert.True(result.ExitCode == 0, result.ToString());
        var frames = await FrameProbe.FrameSizesAsync(file);
        Assert.Equal(s_allFrames, frames.Count);
        Assert.Equal((426, 240), frames[0]);
        Assert.Equal((1920, 1080), frames[^1]);
    }

    [Fact]
    public async Task Play_auto_under_a_rate_below_the_middle_bitrate_stays_on_the_lowest_rendition()
    {
        var file = server.TempFile("capped.ts");

        // 120 000 B/s is 0.96 Mb/s: enough for 240p (about 0.27 Mb/s), not for 720p (about 1.6 Mb/s).
        var result = await server.ParleyAsync(ParleyCli.Play(server, "--limit-rate", "120000", "--output", file));

        Assert.True(result.ExitCode == 0, result.ToString());
        var frames = await FrameProbe.FrameSizesAsync(file);
        Assert.Equal(s_allFrames, frames.Count);
        Assert.All(frames, f => Assert.Equal((426, 240), f));
        Assert.Contains("240p", result.StderrText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Play_to_stdout_writes_the_same_stream_as_to_a_file()
    {
        var file = server.TempFile("240.ts");
        var toFile = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "240", "--output", file));

        var toStdout = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "240", "--output", "-"));

        Assert.True(toFile.ExitCode == 0 && toStdout.ExitCode == 0, toFile + " / " + toStdout);
        Assert.Equal(await File.ReadAllBytesAsync(file), toStdout.StdoutBytes);
        Assert.Contains("0:12 / 0:12", toStdout.StderrText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Play_of_a_height_that_does_not_exist_names_the_available_ones_and_writes_nothing()
    {
        var file = server.TempFile("none.ts");

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "480", "--output", file));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no 480p rendition; available: 240p, 720p, 1080p", result.StderrText, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(file + ".part"));
    }

    [Theory]
    [InlineData("../../etc/passwd", "not a valid video name")]
    [InlineData("no-such-video", "no video named 'no-such-video'")]
    [InlineData(TestMedia.BrokenVideo, "cannot be played")]
    public async Task Play_of_a_bad_video_name_fails_with_a_clear_message(string video, string expected)
    {
        var file = server.TempFile("bad.ts");

        var result = await server.ParleyAsync(["play", video, "--server", server.Address, "--name", ParleyCli.Viewer, "--output", file]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.StderrText, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    private static List<((int, int) Size, int Count)> Runs(IReadOnlyList<(int Width, int Height)> frames)
    {
        var runs = new List<((int, int) Size, int Count)>();
        foreach (var frame in frames)
        {
            if (runs.Count > 0 && runs[^1].Size == frame)
            {
                runs[^1] = (frame, runs[^1].Count + 1);
            }
            else
            {
                runs.Add((frame, 1));
            }
        }

        return runs;
    }
}
