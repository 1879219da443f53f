using System.Net;
using System.Text.Json;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

[Collection(StreamingCommandLineCollection.Name)]
public sealed class VideosCommandTests(StreamingServer server)
{
    [Fact]
    public async Task Videos_json_lists_each_video_with_its_renditions_and_state()
    {
        var result = await server.ParleyAsync(ParleyCli.Client(server, "videos", "--json"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var videos = result.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(v => v.GetProperty("name").GetString()!);
        var demo = videos[TestMedia.Video];
        Assert.Equal("ready", demo.GetProperty("state").GetString());
        Assert.InRange(demo.GetProperty("durationSeconds").GetDouble(), 11.5, 12.5);
        var renditions = demo.GetProperty("renditions").EnumerateArray().ToList();
        Assert.Equal(
            TestMedia.Renditions.Select(r => (r.Height, r.Width)),
            renditions.Select(r => (r.GetProperty("height").GetInt32(), r.GetProperty("width").GetInt32())));
        Assert.All(renditions, r =>
        {
            Assert.Equal("ready", r.GetProperty("state").GetString());
            Assert.True(r.GetProperty("bitrateBps").GetInt64() > 0);
            Assert.StartsWith("avc1.", r.GetProperty("codecs").GetString(), StringComparison.Ordinal);
        });
        var broken = videos[TestMedia.BrokenVideo];
        Assert.Equal("unavailable", broken.GetProperty("state").GetString());
        Assert.NotEmpty(broken.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task Videos_prints_duration_resolutions_bitrates_and_states_for_people()
    {
        var result = await server.ParleyAsync(ParleyCli.Client(server, "videos"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("demo  0:12  ready", result.StdoutText, StringComparison.Ordinal);
        Assert.Matches(@"1080p  1920x1080 +\d+\.\d Mb/s  ready", result.StdoutText);
        Assert.Matches(@"240p  426x240 +\d+ kb/s  ready", result.StdoutText);
        Assert.Contains("broken  -  unavailable: ", result.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Videos_url_prints_a_master_playlist_url_that_works_over_http()
    {
        var result = await server.ParleyAsync(ParleyCli.Client(server, "videos", "url", TestMedia.Video));

        Assert.True(result.ExitCode == 0, result.ToString());
        var url = new Uri(result.StdoutText.Trim());
        Assert.Equal(server.HttpEndpoint.Port, url.Port);
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("#EXTM3U", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Videos_url_of_an_unknown_video_fails_with_a_clear_message()
    {
        var result = await server.ParleyAsync(ParleyCli.Client(server, "videos", "url", "nope"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no video named 'nope'", result.StderrText, StringComparison.Ordinal);
    }
}
