using Parley.Media.Videos;

namespace Parley.Video.Tests;

[Collection(MediaCollection.Name)]
public sealed class UnusualStreamsTests(MediaFixture media)
{
    [Fact]
    public async Task A_video_without_audio_is_packaged_with_video_only_codecs()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        File.Copy(media.MuteFile, Path.Combine(videos, "mute_240.mp4"));
        await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"));
        await harness.IdleAsync();

        var rendition = Assert.Single(harness.Video("mute").Renditions);
        Assert.Equal(VideoState.Ready, rendition.State);
        Assert.Null(rendition.AudioCodec);
        Assert.Matches("^avc1\\.[0-9A-F]{6}$", rendition.Codecs);
        Assert.True(harness.Library.TryGetRendition("mute", 240, out var packaged));
        Assert.Equal(3, packaged.Segments.Count);
    }

    [Fact]
    public async Task A_rendition_in_a_codec_hls_segments_cannot_carry_is_unavailable_with_the_reason()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        File.Copy(media.Mpeg4File, Path.Combine(videos, "old_240.mp4"));
        await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"));
        await harness.IdleAsync();

        var video = harness.Video("old");
        Assert.Equal(VideoState.Unavailable, video.State);
        Assert.Contains("video codec 'mpeg4'", video.Detail, StringComparison.Ordinal);
        Assert.Contains("old.mp4", video.Detail, StringComparison.Ordinal);
    }
}
