using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// A real browser (Debian's headless chromium) opens what <c>parley videos url</c> hands out: its own
/// HLS support plays the master playlist in a video element, a bad token is refused, and a page
/// script on another origin reads a byte range of a segment, as hls.js does.
/// </summary>
[Collection(StreamingCollection.Name)]
public sealed class HlsInChromiumTests(StreamingServer server) : IAsyncLifetime
{
    private static readonly TimeSpan s_scriptTimeout = TimeSpan.FromSeconds(60);

    private HeadlessChromium? _chromium;

    private HeadlessChromium Chromium => _chromium ?? throw new InvalidOperationException("chromium has not started");

    public async Task InitializeAsync() => _chromium = await HeadlessChromium.StartAsync();

    public Task DisposeAsync()
    {
        _chromium?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_video_element_plays_the_tokenized_master_playlist()
    {
        var url = await UrlAsync("chromium-play");

        var outcome = await PlayAsync(url, untilSeconds: 3);

        Assert.True(outcome["outcome"]?.GetValue<string>() == "playing", "chromium did not play the URL: " + outcome.ToJsonString());
        Assert.InRange(outcome["time"]!.GetValue<double>(), 3, TestMedia.DurationSeconds);
        Assert.InRange(outcome["duration"]!.GetValue<double>(), TestMedia.DurationSeconds - 0.5, TestMedia.DurationSeconds + 0.5);
        var size = $"{outcome["width"]}x{outcome["height"]}";
        Assert.Contains(size, TestMedia.Renditions.Select(r => $"{r.Width}x{r.Height}"));
    }

    [Fact]
    public async Task A_bad_token_gets_403_and_the_video_element_reports_an_error()
    {
        var url = await UrlAsync("chromium-bad-token");
        var forged = Forge(url);

        var status = await Chromium.EvaluateAsync($"fetch({Js(forged)}).then(r => r.status)", s_scriptTimeout);
        var outcome = await PlayAsync(forged, untilSeconds: 1);

        Assert.Equal(403, status!.GetValue<int>());
        Assert.True(outcome["outcome"]?.GetValue<string>() == "error", "chromium played a forged URL: " + outcome.ToJsonString());
    }

    [Fact]
    public async Task A_page_on_another_origin_reads_a_byte_range_of_a_segment()
    {
        var url = await UrlAsync("chromium-range");
        var segment = new Uri(url, "720/seg_00000.ts");
        var expectedLength = new FileInfo(Path.Combine(server.Root, "data", "media", TestMedia.Video, "720", "seg_00000.ts")).Length;

        var answer = (await Chromium.EvaluateAsync(
            $$"""
            (async () => {
              const response = await fetch({{Js(segment)}}, { headers: { Range: 'bytes=0-187' } });
              const body = await response.arrayBuffer();
              return { status: response.status, length: body.byteLength, range: response.headers.get('Content-Range'), first: new Uint8Array(body)[0] };
            })()
            """,
            s_scriptTimeout))!;

        Assert.Equal(206, answer["status"]!.GetValue<int>());
        Assert.Equal(188, answer["length"]!.GetValue<int>());
        Assert.Equal($"bytes 0-187/{expectedLength}", answer["range"]!.GetValue<string>());
        Assert.Equal(0x47, answer["first"]!.GetValue<int>()); // the MPEG-TS sync byte
    }

    private async Task<JsonNode> PlayAsync(Uri url, double untilSeconds) =>
        (await Chromium.EvaluateAsync(
            $$"""
            new Promise(resolve => {
              const video = document.createElement('video');
              video.muted = true;
              video.autoplay = true;
              document.body.appendChild(video);
              const done = outcome => { clearTimeout(timer); video.remove(); resolve(outcome); };
              const timer = setTimeout(() => done({ outcome: 'timeout', time: video.currentTime }), 30000);
              video.addEventListener('error', () => done({ outcome: 'error', code: video.error.code, message: video.error.message }));
              video.addEventListener('timeupdate', () => {
                if (video.currentTime >= {{untilSeconds}}) {
                  done({ outcome: 'playing', time: video.currentTime, duration: video.duration, width: video.videoWidth, height: video.videoHeight });
                }
              });
              video.src = {{Js(url)}};
            })
            """,
            s_scriptTimeout))!;

    private async Task<Uri> UrlAsync(string name)
    {
        await using var client = await server.ConnectAsync(name);
        return (await client.RequestVideoUrlAsync(TestMedia.Video)).Url;
    }

    // The token is the path segment after /hls/; flipping one of its characters breaks the signature.
    private static Uri Forge(Uri url)
    {
        var parts = url.AbsolutePath.Split('/');
        var token = parts[2].ToCharArray();
        token[^5] = token[^5] == 'A' ? 'B' : 'A';
        parts[2] = new string(token);
        return new UriBuilder(url) { Path = string.Join('/', parts) }.Uri;
    }

    private static string Js(Uri url) => JsonSerializer.Serialize(url.AbsoluteUri);
}
