using Microsoft.Extensions.Logging;
using Parley.Media.Library;
using Parley.Media.Videos;

namespace Parley.Video.Tests;

/// <summary>A rendition file whose name gives the wrong height is known by its real height.</summary>
[Collection(MediaCollection.Name)]
public sealed class MislabelledRenditionTests(MediaFixture media)
{
    [Fact]
    public async Task A_file_named_720p_that_is_240p_is_listed_at_240p_and_the_warning_comes_back_after_a_restart()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        File.Copy(media.ClipFile(240), Path.Combine(videos, "mis_720.mp4"));
        File.Copy(media.ClipFile(1080), Path.Combine(videos, "mis_1080.mp4"));

        foreach (var run in new[] { "packaged now", "from the cache" })
        {
            var log = new RecordingLogProvider();
            await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"), logger: log.CreateLogger<VideoLibrary>());
            await harness.IdleAsync();

            var video = harness.Video("mis");
            Assert.Equal(
                [(426, 240, VideoState.Ready), (1920, 1080, VideoState.Ready)],
                video.Renditions.Select(r => (r.Width, r.Height, r.State)).ToArray());
            Assert.True(harness.Library.TryGetRendition("mis", 240, out var served), run);
            Assert.Equal(240, served.Info.Height);
            Assert.False(harness.Library.TryGetRendition("mis", 720, out _), run);
            Assert.Contains(
                log.Entries,
                line => line.Level == LogLevel.Warning && line.Text.StartsWith("'mis_720.mp4' is named 720p but is 426x240", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_mislabelled_file_whose_real_height_another_file_has_is_unavailable_and_says_why()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        File.Copy(media.ClipFile(240), Path.Combine(videos, "dup_240.mp4"));
        File.Copy(media.ClipFile(240), Path.Combine(videos, "dup_720.mp4"));

        await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"));
        await harness.IdleAsync();

        var video = harness.Video("dup");
        Assert.Equal(VideoState.Ready, video.State);
        Assert.Equal([240, 720], video.Renditions.Select(r => r.Height).ToArray());
        Assert.Equal(VideoState.Ready, video.Renditions[0].State);
        Assert.Equal(VideoState.Unavailable, video.Renditions[1].State);
        Assert.Equal("'dup_720.mp4' is 426x240, the same height as 'dup_240.mp4'", video.Renditions[1].Detail);
        Assert.True(harness.Library.TryGetRendition("dup", 240, out var served));
        Assert.EndsWith(Path.Combine("dup", "240"), served.Directory, StringComparison.Ordinal);
    }
}
