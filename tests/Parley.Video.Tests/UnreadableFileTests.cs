using Parley.Media.Videos;

namespace Parley.Video.Tests;

[Collection(MediaCollection.Name)]
public sealed class UnreadableFileTests(MediaFixture media)
{
    [Fact]
    public async Task A_file_ffmpeg_cannot_read_is_unavailable_with_the_reason_and_other_videos_play()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        media.CopyClip(videos);
        File.WriteAllBytes(Path.Combine(videos, "broken_720.mp4"), System.Text.Encoding.ASCII.GetBytes(new string('x', 5000)));
        File.WriteAllBytes(Path.Combine(videos, "junk.mp4"), [1, 2, 3, 4, 5, 6, 7, 8]);
        await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"));
        await harness.IdleAsync();

        var broken = harness.Video("broken");
        Assert.Equal(VideoState.Unavailable, broken.State);
        Assert.Contains("ffprobe cannot read the file", broken.Detail, StringComparison.Ordinal);
        Assert.Contains("Invalid data", broken.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(videos, broken.Detail, StringComparison.Ordinal);
        Assert.Equal(VideoState.Unavailable, Assert.Single(broken.Renditions).State);
        Assert.False(harness.Library.TryGetRendition("broken", 720, out _));

        var junk = harness.Video("junk");
        Assert.Equal(VideoState.Unavailable, junk.State);
        Assert.Contains("ffprobe cannot read the file", junk.Detail, StringComparison.Ordinal);

        Assert.Equal(VideoState.Ready, harness.Video("clip").State);
        Assert.Equal(["broken", "clip", "junk"], harness.Library.List().Select(v => v.Name));
    }

    [Fact]
    public async Task A_clip_with_one_unreadable_rendition_still_plays_the_others()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        media.CopyClip(videos);
        File.WriteAllBytes(Path.Combine(videos, "clip_480.mp4"), new byte[4096]);
        await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"));
        await harness.IdleAsync();

        var clip = harness.Video("clip");
        Assert.Equal(VideoState.Ready, clip.State);
        Assert.Equal([240, 480, 720, 1080], clip.Renditions.Select(r => r.Height));
        Assert.Equal(VideoState.Unavailable, clip.Renditions[1].State);
        Assert.NotNull(clip.Renditions[1].Detail);
        Assert.False(harness.Library.TryGetRendition("clip", 480, out _));
        Assert.True(harness.Library.TryGetRendition("clip", 1080, out _));
    }
}
