using System.Collections.Concurrent;
using Parley.Media.Videos;

namespace Parley.Video.Tests;

[Collection(MediaCollection.Name)]
public sealed class LadderTranscodingTests(MediaFixture media)
{
    [Fact]
    public async Task A_lone_file_gets_the_ladder_up_to_its_own_height_reports_progress_and_is_not_transcoded_again_after_a_restart()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        File.Copy(media.SoloFile, Path.Combine(videos, "solo.mp4"));
        var states = new ConcurrentQueue<(VideoState State, int? Percent, string? Detail)>();
        await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"));
        harness.Library.Changed += () =>
        {
            if (harness.Library.TryGetVideo("solo", out var seen))
            {
                states.Enqueue((seen.State, seen.PreparingPercent, seen.Detail));
            }
        };
        await harness.IdleAsync();

        var video = harness.Video("solo");
        Assert.Equal(VideoState.Ready, video.State);
        Assert.Equal([240, 720], video.Renditions.Select(r => r.Height));
        Assert.All(video.Renditions, r =>
        {
            Assert.Equal(VideoState.Ready, r.State);
            Assert.Equal("h264", r.VideoCodec);
            Assert.Equal("aac", r.AudioCodec);
            Assert.StartsWith("avc1.64", r.Codecs, StringComparison.Ordinal);
        });
        Assert.Equal([426, 1280], video.Renditions.Select(r => r.Width));

        var preparing = states.Where(s => s.State == VideoState.Preparing).ToList();
        Assert.NotEmpty(preparing);
        Assert.All(preparing, s =>
        {
            Assert.InRange(s.Percent!.Value, 0, 100);
            Assert.Equal($"preparing {s.Percent}%", s.Detail);
        });

        var segmentStarts = video.Renditions.Select(r =>
        {
            Assert.True(harness.Library.TryGetRendition("solo", r.Height, out var packaged));
            return packaged.Segments.Select(s => Math.Round(s.StartSeconds, 1)).ToList();
        }).ToList();
        Assert.Equal(3, segmentStarts[0].Count);
        Assert.Equal(segmentStarts[0], segmentStarts[1]);

        Assert.Equal(["solo.mp4"], Directory.GetFiles(videos).Select(Path.GetFileName));

        var stamps = FileStamps.Of(root.Combine("media"));
        await harness.DisposeAsync();
        await using var restarted = await LibraryHarness.StartAsync(videos, root.Combine("media"));
        await restarted.IdleAsync();
        Assert.Equal(VideoState.Ready, restarted.Video("solo").State);
        Assert.Equal([240, 720], restarted.Video("solo").Renditions.Select(r => r.Height));
        Assert.Equal(video.Renditions, restarted.Video("solo").Renditions);
        Assert.Equal(stamps, FileStamps.Of(root.Combine("media")));
    }
}
