using System.Net;
using Parley.Client;
using Parley.Server;
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

    public async Task InitializeAsync()
    {
        var videos = Path.Combine(_root, "videos");
        Directory.CreateDirectory(videos);
        var made = await Tools.RunAsync(
            "ffmpeg",
            [
                "-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=426x240:rate=30:duration=4",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "60",
                Path.Combine(videos, Video + "_240.mp4"),
            ]);
        Assert.True(made.ExitCode == 0, made.ToString());
        await OwnServer.MakeVideoAsync(_root, LongVideo + "_64.mp4", 64, 64, seconds: 900, rate: 1);
        _host = await ParleyServerHost.StartAsync(new ParleyServerOptions
        {
            Port = 0,
            HttpPort = 0,
            DataDirectory = Path.Combine(_root, "data"),
            VideosDirectory = videos,
            GenerateSampleVideos = false,
            VideoUrlLifetime = s_lifetime,
            Clock = _clock,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _host.Videos.WhenIdle(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_video_url_opens_the_playlists_until_its_expiry_and_gets_403_from_then_on()
    {
        await using var client = await ParleyClient.ConnectAsync(new ParleyClientOptions
        {
            Server = $"127.0.0.1:{_host!.Endpoint.Port}",
            Name = "expiry-viewer",
            Home = Path.Combine(_root, "home"),
            Presence = false,
        });
        var grant = await client.RequestVideoUrlAsync(Video);
        var media = new Uri(grant.Url, "240/index.m3u8");
        Assert.True(_host.Videos.TryGetVideo(Video, out var clip));
        Assert.Equal((_clock.Now + s_lifetime + clip.Duration).ToUnixTimeSeconds(), grant.ExpiresAt.ToUnixTimeSeconds(), tolerance: 1);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(grant.Url));
        _clock.Now = grant.ExpiresAt.AddSeconds(-1);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(grant.Url));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(media));

        _clock.Now = grant.ExpiresAt;
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(grant.Url));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(media));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(new Uri(grant.Url, "240/seg_00000.ts")));

        var fresh = await client.RequestVideoUrlAsync(Video);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(fresh.Url));
    }

    [Fact]
    public async Task A_url_for_a_video_longer_than_the_lifetime_lets_a_viewer_who_starts_late_watch_to_the_end()
    {
        await using var client = await ParleyClient.ConnectAsync(new ParleyClientOptions
        {
            Server = $"127.0.0.1:{_host!.Endpoint.Port}",
            Name = "long-viewer",
            Home = Path.Combine(_root, "home"),
            Presence = false,
        });
        Assert.True(_host.Videos.TryGetVideo(LongVideo, out var video));
        Assert.True(video.Duration > s_lifetime, $"the long video lasts {video.Duration}");
        Assert.True(_host.Videos.TryGetRendition(LongVideo, 64, out var rendition));
        var issued = _clock.Now;

        var grant = await client.RequestVideoUrlAsync(LongVideo);

        Assert.Equal((issued + s_lifetime + video.Duration).ToUnixTimeSeconds(), grant.ExpiresAt.ToUnixTimeSeconds(), tolerance: 1);
        var starts = issued + s_lifetime - TimeSpan.FromSeconds(1);
        _clock.Now = starts;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(grant.Url));
        var last = rendition.Segments[^1];
        _clock.Now = starts + TimeSpan.FromSeconds(last.StartSeconds);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(new Uri(grant.Url, "64/" + last.FileName)));
    }

    private static async Task<HttpStatusCode> StatusAsync(Uri url)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        return response.StatusCode;
    }
}
