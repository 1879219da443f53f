using System.Net;
using Parley.Server;
using Parley.Server.Hosting;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// A video URL end to end: handed out over a Parley connection, then used over real HTTP against
/// the real server, whose token clock the test moves past the expiry it announced.
/// </summary>
public sealed class HlsTokenExpiryTests : IAsyncLifetime
{
    private const string Video = "clip";
    private const string LongVideo = "long";
    private static readonly TimeSpan s_lifetime = TimeSpan.FromMinutes(10);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-hls-expiry-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTime _clock = new(DateTimeOffset.UtcNow);
    private ParleyServerHost? _host;

    private ParleyServerHost Host => _host ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        await OwnServer.MakeVideoAsync(_root, Video + "_240.mp4", 426, 240, seconds: 4);
        await OwnServer.MakeVideoAsync(_root, LongVideo + "_64.mp4", 64, 64, seconds: 900, rate: 1);
        _host = await OwnServer.StartAsync(_root, _clock, s_lifetime);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        TempDir.DeleteQuietly(_root);
    }

    [Fact]
    public async Task A_video_url_opens_the_playlists_until_its_expiry_and_gets_403_from_then_on()
    {
        await using var client = await OwnServer.ConnectAsync(Host, _root, "expiry-viewer");
        var grant = await client.RequestVideoUrlAsync(Video);
        var media = new Uri(grant.Url, "240/index.m3u8");
        Assert.True(Host.Videos.TryGetVideo(Video, out var clip));
        // As DateTimeOffsets: Unix seconds with a tolerance would be compared as floats, 128 s apart at today's values.
        Assert.Equal(_clock.Now + s_lifetime + clip.Duration, grant.ExpiresAt, TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(grant.Url));
        _clock.Now = grant.ExpiresAt.AddSeconds(-1);
        Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(grant.Url));
        Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(media));

        _clock.Now = grant.ExpiresAt;
        Assert.Equal(HttpStatusCode.Forbidden, await OwnServer.StatusAsync(grant.Url));
        Assert.Equal(HttpStatusCode.Forbidden, await OwnServer.StatusAsync(media));
        Assert.Equal(HttpStatusCode.Forbidden, await OwnServer.StatusAsync(new Uri(grant.Url, "240/seg_00000.ts")));

        var fresh = await client.RequestVideoUrlAsync(Video);
        Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(fresh.Url));
    }

    [Fact]
    public async Task A_url_for_a_video_longer_than_the_lifetime_lets_a_viewer_who_starts_late_watch_to_the_end()
    {
        await using var client = await OwnServer.ConnectAsync(Host, _root, "long-viewer");
        Assert.True(Host.Videos.TryGetVideo(LongVideo, out var video));
        Assert.True(video.Duration > s_lifetime, $"the long video lasts {video.Duration}");
        Assert.True(Host.Videos.TryGetRendition(LongVideo, 64, out var rendition));
        var issued = _clock.Now;

        var grant = await client.RequestVideoUrlAsync(LongVideo);

        Assert.Equal(issued + s_lifetime + video.Duration, grant.ExpiresAt, TimeSpan.FromSeconds(1));
        var starts = issued + s_lifetime - TimeSpan.FromSeconds(1);
        _clock.Now = starts;
        Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(grant.Url));
        var last = rendition.Segments[^1];
        _clock.Now = starts + TimeSpan.FromSeconds(last.StartSeconds);
        Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(new Uri(grant.Url, "64/" + last.FileName)));
    }
}
