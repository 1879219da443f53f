using System.Net;
using System.Net.Http.Headers;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

[Collection(StreamingCollection.Name)]
public sealed class HlsEndpointTests(StreamingServer server) : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Ffprobe_opens_the_tokenized_master_playlist_and_sees_every_variant()
    {
        var url = await UrlAsync();

        var result = await ProcessRunner.RunAsync(
            "ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_type,width,height", "-of", "csv=p=0", url.ToString()]);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var (height, width, _) in TestMedia.Renditions)
        {
            Assert.Contains($"video,{width},{height}", result.StdoutText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_master_playlist_describes_each_rendition_with_relative_uris()
    {
        var url = await UrlAsync();

        using var response = await _http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl?.MaxAge < TimeSpan.FromMinutes(1));
        foreach (var (height, width, _) in TestMedia.Renditions)
        {
            Assert.Matches($"#EXT-X-STREAM-INF:BANDWIDTH=\\d+,AVERAGE-BANDWIDTH=\\d+,RESOLUTION={width}x{height},CODECS=\"avc1\\.[^\"]+\",FRAME-RATE=30\\.000\\n{height}/index.m3u8\\n", text);
        }
    }

    [Fact]
    public async Task Segments_are_long_lived_mpeg_ts_with_validators()
    {
        var url = await UrlAsync();

        using var response = await _http.GetAsync(new Uri(url, "720/seg_00000.ts"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("video/mp2t", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.MaxAge >= TimeSpan.FromDays(1));
        Assert.NotNull(response.Content.Headers.LastModified);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "720/seg_00000.ts"));
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task A_whole_segment_get_carries_exactly_the_file_with_the_same_headers_as_head()
    {
        var url = await UrlAsync();
        Assert.True(server.Host.Videos.TryGetRendition(TestMedia.Video, 1080, out var rendition));
        var segment = rendition.Segments[1].FileName;
        var file = await File.ReadAllBytesAsync(Path.Combine(rendition.Directory, segment));

        // A plain GET of a whole segment takes the server's direct path (WholeSegmentResult); HEAD goes
        // through Results.Bytes. Both serve the segment cache, which the HEAD has filled at the latest,
        // so the two GETs check that the direct path gives the same answer when repeated.
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(url, "1080/" + segment)));
        foreach (var attempt in new[] { "first GET", "second GET" })
        {
            using var get = await _http.GetAsync(new Uri(url, "1080/" + segment));

            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            var body = await get.Content.ReadAsByteArrayAsync();
            Assert.True(file.SequenceEqual(body), attempt);
            Assert.Equal(file.Length, get.Content.Headers.ContentLength);
            Assert.Equal(head.Content.Headers.ContentLength, get.Content.Headers.ContentLength);
            Assert.Equal(head.Content.Headers.ContentType, get.Content.Headers.ContentType);
            Assert.Equal(head.Content.Headers.LastModified, get.Content.Headers.LastModified);
            Assert.Equal(head.Headers.ETag, get.Headers.ETag);
            Assert.Equal(head.Headers.CacheControl, get.Headers.CacheControl);
            Assert.Equal(["bytes"], get.Headers.AcceptRanges);
            Assert.Equal(head.Headers.AcceptRanges, get.Headers.AcceptRanges);
        }
    }

    [Fact]
    public async Task A_range_request_gets_206_with_exactly_those_bytes()
    {
        var url = await UrlAsync();
        Assert.True(server.Host.Videos.TryGetRendition(TestMedia.Video, 1080, out var rendition));
        var file = await File.ReadAllBytesAsync(Path.Combine(rendition.Directory, rendition.Segments[2].FileName));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "1080/" + rendition.Segments[2].FileName));
        request.Headers.Range = new RangeHeaderValue(1000, 5999);
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(1000, response.Content.Headers.ContentRange?.From);
        Assert.Equal(5999, response.Content.Headers.ContentRange?.To);
        Assert.Equal(file.Length, response.Content.Headers.ContentRange?.Length);
        Assert.Equal(file.AsSpan(1000, 5000).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_bad_token_is_403_with_nothing_said()
    {
        var url = await UrlAsync();
        var segments = url.AbsolutePath.Split('/');
        var token = segments[2];
        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        foreach (var path in new[]
        {
            $"/hls/{forged}/{TestMedia.Video}/master.m3u8",
            $"/hls/not-a-token/{TestMedia.Video}/240/index.m3u8",
            $"/hls/{forged}/{TestMedia.Video}/240/seg_00000.ts",
            $"/hls//{TestMedia.Video}/master.m3u8",
        })
        {
            using var response = await _http.GetAsync(new Uri(url, path));
            Assert.True(
                response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                $"{path}: {response.StatusCode}");
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }

        using var forgedMaster = await _http.GetAsync(new Uri(url, $"/hls/{forged}/{TestMedia.Video}/master.m3u8"));
        Assert.Equal(HttpStatusCode.Forbidden, forgedMaster.StatusCode);
    }

    [Fact]
    public async Task A_token_opens_only_the_video_it_was_issued_for()
    {
        var url = await UrlAsync();
        var token = url.AbsolutePath.Split('/')[2];

        using var other = await _http.GetAsync(new Uri(url, $"/hls/{token}/{TestMedia.BrokenVideo}/master.m3u8"));
        using var traversal = await _http.GetAsync(new Uri(url, $"/hls/{token}/{TestMedia.Video}/240/..%2F..%2Findex.m3u8"));

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
    }

    private async Task<Uri> UrlAsync()
    {
        await using var client = await server.ConnectAsync("hls-viewer");
        var grant = await client.RequestVideoUrlAsync(TestMedia.Video);
        Assert.Equal($"http://127.0.0.1:{server.HttpEndpoint.Port}/hls/", grant.Url.GetLeftPart(UriPartial.Authority) + "/hls/");
        Assert.InRange(grant.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        return grant.Url;
    }
}
