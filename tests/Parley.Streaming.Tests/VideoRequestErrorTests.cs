using Parley.Client;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

[Collection(StreamingCollection.Name)]
public sealed class VideoRequestErrorTests(StreamingServer server)
{
    [Fact]
    public async Task An_unknown_video_is_refused_and_the_connection_goes_on()
    {
        await using var client = await server.ConnectAsync("err-unknown");

        var error = await Assert.ThrowsAsync<VideoException>(() => client.DescribeVideoAsync("no-such-video"));

        Assert.Equal(VideoError.UnknownVideo, error.Error);
        Assert.Contains("no-such-video", error.Message, StringComparison.Ordinal);
        Assert.Contains(await client.ListVideosAsync(), v => v.Name == TestMedia.Video);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("demo/../demo")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData("")]
    public async Task A_name_that_could_be_a_path_is_an_invalid_video_name(string name)
    {
        await using var client = await server.ConnectAsync("err-path");

        var describe = await Assert.ThrowsAsync<VideoException>(() => client.DescribeVideoAsync(name));
        var fetch = await Assert.ThrowsAsync<VideoException>(() => client.ReadSegmentAsync(name, 240, 0, Stream.Null));
        var url = await Assert.ThrowsAsync<VideoException>(() => client.RequestVideoUrlAsync(name));

        Assert.All([describe, fetch, url], e => Assert.Equal(VideoError.InvalidVideoName, e.Error));
        Assert.NotEmpty(await client.ListVideosAsync());
    }

    [Fact]
    public async Task A_height_without_a_rendition_is_refused_with_the_ready_ones_listed()
    {
        await using var client = await server.ConnectAsync("err-height");

        var fetch = await Assert.ThrowsAsync<VideoException>(() => client.ReadSegmentAsync(TestMedia.Video, 480, 0, Stream.Null));
        var play = await Assert.ThrowsAsync<VideoException>(() => client.PlayVideoAsync(
            new PlaybackRequest(TestMedia.Video) { Quality = PlaybackQuality.Fixed, Height = 480 }, Stream.Null));

        Assert.Equal(VideoError.RenditionUnavailable, fetch.Error);
        Assert.Contains("240p, 720p, 1080p", fetch.Message, StringComparison.Ordinal);
        Assert.Equal(VideoError.RenditionUnavailable, play.Error);
        Assert.Contains("240p, 720p, 1080p", play.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_segment_past_the_end_is_out_of_range()
    {
        await using var client = await server.ConnectAsync("err-range");

        var error = await Assert.ThrowsAsync<VideoException>(() => client.ReadSegmentAsync(TestMedia.Video, 240, 99, Stream.Null));

        Assert.Equal(VideoError.SegmentOutOfRange, error.Error);
    }

    [Fact]
    public async Task A_video_with_nothing_ready_cannot_be_described_or_played()
    {
        await using var client = await server.ConnectAsync("err-broken");

        var describe = await Assert.ThrowsAsync<VideoException>(() => client.DescribeVideoAsync(TestMedia.BrokenVideo));
        var fetch = await Assert.ThrowsAsync<VideoException>(() => client.ReadSegmentAsync(TestMedia.BrokenVideo, 240, 0, Stream.Null));

        Assert.Equal(VideoError.VideoUnavailable, describe.Error);
        Assert.Equal(VideoError.RenditionUnavailable, fetch.Error);
    }

    [Fact]
    public async Task Bad_requests_on_one_connection_do_not_disturb_another_clients_stream()
    {
        await using var viewer = await server.ConnectAsync("err-viewer");
        await using var prankster = await server.ConnectAsync("err-prankster");
        using var output = new MemoryStream();
        var stream = viewer.PlayVideoAsync(new PlaybackRequest(TestMedia.Video) { Quality = PlaybackQuality.Fixed, Height = 720 }, output);

        for (var i = 0; i < 20; i++)
        {
            await Assert.ThrowsAsync<VideoException>(() => prankster.ReadSegmentAsync("../../etc/passwd", 720, 0, Stream.Null));
            await Assert.ThrowsAsync<VideoException>(() => prankster.ReadSegmentAsync(TestMedia.Video, 720, 1000, Stream.Null));
        }

        var result = await stream;
        Assert.Equal(6, result.Segments.Count);
        Assert.Equal(result.Bytes, output.Length);
    }
}
