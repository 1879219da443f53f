using Parley.Media.Videos;
using Parley.Server;
using Parley.Server.Hosting;

namespace Parley.Video.Tests;

[Collection(MediaCollection.Name)]
public sealed class MissingFfmpegTests(MediaFixture media)
{
    [Fact]
    public async Task Without_ffmpeg_videos_are_unavailable_with_a_clear_reason()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        media.CopyClip(videos);
        File.Copy(media.SoloFile, Path.Combine(videos, "solo.mp4"));
        var missing = root.Combine("no-such-dir", "ffmpeg");
        await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"), generateSamples: true, ffmpeg: missing);
        await harness.IdleAsync();

        Assert.Equal(["clip", "solo"], harness.Library.List().Select(v => v.Name));
        Assert.All(harness.Library.List(), video =>
        {
            Assert.Equal(VideoState.Unavailable, video.State);
            Assert.Equal($"ffmpeg not found (tried '{missing}')", video.Detail);
        });
        Assert.All(harness.Video("clip").Renditions, r => Assert.Equal(VideoState.Unavailable, r.State));
        Assert.False(harness.Library.TryGetRendition("clip", 240, out _));
    }

    [Fact]
    public async Task The_server_starts_and_reports_videos_unavailable_when_ffmpeg_is_missing()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        File.Copy(media.ClipFile(240), Path.Combine(videos, "clip_240.mp4"));
        var options = new ParleyServerOptions
        {
            Port = 0,
            DataDirectory = root.Combine("data"),
            VideosDirectory = videos,
            FfmpegPath = root.Combine("missing-ffmpeg"),
        };
        await using var host = await ParleyServerHost.StartAsync(options);
        using var timeout = new CancellationTokenSource(LibraryHarness.Deadline);
        await host.Videos.WhenIdle(timeout.Token);

        Assert.True(host.Videos.TryGetVideo("clip", out var clip));
        Assert.Equal(VideoState.Unavailable, clip.State);
        Assert.StartsWith("ffmpeg not found", clip.Detail, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(options.DataDirectory, "media")));
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(host.Endpoint, timeout.Token);
    }
}
