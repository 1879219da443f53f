using System.Net;
using Parley.Client;
using Parley.Server;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// A file named NAME_720.mp4 that really is 640x360 is listed, described and served as the 360p
/// rendition it is, before and after a restart that takes it from the media cache.
/// </summary>
public sealed class MislabelledRenditionTests : IAsyncLifetime
{
    private const string Video = "mis";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-mislabelled-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        await OwnServer.MakeVideoAsync(_root, Video + "_240.mp4", 426, 240, seconds: 4);
        await OwnServer.MakeVideoAsync(_root, Video + "_720.mp4", 640, 360, seconds: 4);
    }

    public Task DisposeAsync()
    {
        TempDir.DeleteQuietly(_root);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_listing_description_and_master_playlist_give_the_real_size_before_and_after_a_restart()
    {
        foreach (var run in new[] { "packaged now", "from the cache after a restart" })
        {
            await using var host = await OwnServer.StartAsync(_root);
            await using var client = await OwnServer.ConnectAsync(host, _root, "mislabel-viewer");

            var listed = (await client.ListVideosAsync()).Single(video => video.Name == Video);
            Assert.Equal(
                [(240, 426, VideoAvailability.Ready), (360, 640, VideoAvailability.Ready)],
                listed.Renditions.Select(r => (r.Height, r.Width, r.State)).ToArray());

            var described = await client.DescribeVideoAsync(Video);
            Assert.Equal([240, 360], described.Renditions.Select(r => r.Height).ToArray());

            var url = (await client.RequestVideoUrlAsync(Video)).Url;
            using var http = new HttpClient();
            var master = await http.GetStringAsync(url);
            Assert.Contains("RESOLUTION=640x360", master, StringComparison.Ordinal);
            Assert.DoesNotContain("x720", master, StringComparison.Ordinal);
            Assert.True(
                master.IndexOf("RESOLUTION=426x240", StringComparison.Ordinal) < master.IndexOf("RESOLUTION=640x360", StringComparison.Ordinal),
                $"{run}: renditions out of order:\n{master}");
            Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(new Uri(url, "360/index.m3u8")));
            Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(new Uri(url, "360/seg_00000.ts")));
        }
    }
}
