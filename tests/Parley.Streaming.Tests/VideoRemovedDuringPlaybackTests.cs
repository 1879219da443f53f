using Parley.Client;
using Parley.Server;
using Parley.Server.Hosting;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// A video deleted from the folder while someone plays it: the viewer is told it was removed (not
/// "no video named"), keeps what it already had, and its connection goes on.
/// </summary>
public sealed class VideoRemovedDuringPlaybackTests : IAsyncLifetime
{
    private const string Video = "leaving";

    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-removed-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => OwnServer.MakeVideoAsync(_root, Video + "_240.mp4", 426, 240, seconds: 8);

    public Task DisposeAsync()
    {
        TempDir.DeleteQuietly(_root);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Deleting_the_video_midway_ends_playback_with_removed_during_playback_and_the_connection_goes_on()
    {
        await using var host = await OwnServer.StartAsync(_root);
        await using var viewer = await OwnServer.ConnectAsync(host, _root, "removed-viewer");
        using var output = new CountingStream();
        output.HoldLaterWrites();

        var playing = viewer.PlayVideoAsync(new PlaybackRequest(Video) { Quality = PlaybackQuality.Fixed, Height = 240 }, output);
        await output.WhenWritten(1).WaitAsync(s_wait);
        File.Delete(Path.Combine(OwnServer.Videos(_root), Video + "_240.mp4"));
        await WhenUnlistedAsync(host);
        output.ReleaseWrites();

        var error = await Assert.ThrowsAsync<VideoException>(() => playing.WaitAsync(s_wait));
        Assert.Equal(VideoError.UnknownVideo, error.Error);
        Assert.Equal($"'{Video}' was removed from the server during playback", error.Message);
        Assert.True(output.Written > 0, "the part played before the removal was kept");
        Assert.Empty(await viewer.ListVideosAsync());
    }

    private static async Task WhenUnlistedAsync(ParleyServerHost host)
    {
        using var timeout = new CancellationTokenSource(s_wait);
        while (host.Videos.List().Any(v => v.Name == Video))
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
