using System.Net;
using System.Net.Http.Headers;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// A web page player (hls.js) on another origin can play a token URL: preflights for Range requests
/// are answered and every HLS response allows any origin; the token still decides access.
/// </summary>
[Collection(StreamingCollection.Name)]
public sealed class HlsCrossOriginTests(StreamingServer server) : IDisposable
{
    private const string PageOrigin = "http://player.example:3000";

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_range_preflight_for_a_segment_is_allowed_from_any_origin()
    {
        var url = await UrlAsync();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(url, "720/seg_00000.ts"));
        preflight.Headers.Add("Origin", PageOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "range");

        using var response = await _http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
        Assert.Equal("GET,HEAD", Single(response, "Access-Control-Allow-Methods"));
        Assert.Equal("range", Single(response, "Access-Control-Allow-Headers"), ignoreCase: true);
        Assert.Equal("86400", Single(response, "Access-Control-Max-Age"));
    }

    [Fact]
    public async Task Playlists_and_ranged_segments_carry_allow_origin_and_expose_the_range_headers()
    {
        var url = await UrlAsync();

        using var master = await GetAsync(url, range: null);
        using var segment = await GetAsync(new Uri(url, "720/seg_00000.ts"), new RangeHeaderValue(0, 187));

        Assert.Equal(HttpStatusCode.OK, master.StatusCode);
        Assert.Equal("*", Single(master, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.PartialContent, segment.StatusCode);
        Assert.Equal("*", Single(segment, "Access-Control-Allow-Origin"));
        var exposed = Single(segment, "Access-Control-Expose-Headers");
        foreach (var header in new[] { "Content-Length", "Content-Range", "Accept-Ranges" })
        {
            Assert.Contains(header, exposed, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_cross_origin_request_with_a_bad_token_is_still_refused()
    {
        var url = await UrlAsync();
        var forged = new Uri(url.ToString().Replace("/hls/", "/hls/AAAA", StringComparison.Ordinal));

        using var response = await GetAsync(forged, range: null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(Uri url, RangeHeaderValue? range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", PageOrigin);
        request.Headers.Range = range;
        return await _http.SendAsync(request);
    }

    private static string Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? string.Join(",", values) : "(missing)";

    private async Task<Uri> UrlAsync()
    {
        await using var client = await server.ConnectAsync("cross-origin-viewer");
        return (await client.RequestVideoUrlAsync(TestMedia.Video)).Url;
    }
}
