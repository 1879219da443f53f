using System.Globalization;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>Pointing the CLI at the wrong port, and read caps that must not get in the way of logging in.</summary>
[Collection(StreamingCollection.Name)]
public sealed class ConnectionMistakeTests(StreamingServer server)
{
    [Fact]
    public async Task The_http_port_is_named_as_such_instead_of_a_frame_size_error()
    {
        var http = $"127.0.0.1:{server.HttpEndpoint.Port.ToString(CultureInfo.InvariantCulture)}";

        var result = await server.ParleyAsync("videos", "--server", http, "--name", ParleyCli.Viewer);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            $"parley: {http} answered in HTTP, not the Parley protocol (is that the HLS port? the Parley port is 7878 by default)",
            result.StderrText.Trim());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("300")]
    public async Task A_tiny_read_cap_does_not_slow_the_login_or_the_video_lookup(string rate)
    {
        // Before the video streams, a cap of 300 B/s would take over 10 s to let the first 4 KiB read through.
        var result = await server.ParleyAsync(["play", "no-such-video", "--server", server.Address, "--name", ParleyCli.Viewer, "--limit-rate", rate, "--output", "-"]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("parley: no video named 'no-such-video'", result.StderrText.Trim());
    }

    [Fact]
    public async Task A_tiny_read_cap_still_lets_a_request_that_cannot_play_fail_at_once()
    {
        var result = await server.ParleyAsync(ParleyCli.Play(server, "--limit-rate", "1", "--quality", "999", "--output", "-"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("parley: 'demo' has no 999p rendition; available: 240p, 720p, 1080p", result.StderrText.Trim());
    }
}
