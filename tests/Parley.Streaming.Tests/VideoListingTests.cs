using Parley.Client;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

[Collection(StreamingCollection.Name)]
public sealed class VideoListingTests(StreamingServer server)
{
    [Fact]
    public async Task List_shows_every_rendition_with_its_size_bitrate_and_codecs()
    {
        await using var client = await server.ConnectAsync("lister");

        var videos = await client.ListVideosAsync();

        var demo = Assert.Single(videos, v => v.Name == TestMedia.Video);
        Assert.Equal(VideoAvailability.Ready, demo.State);
        Assert.InRange(demo.Duration.TotalSeconds, TestMedia.DurationSeconds - 0.5, TestMedia.DurationSeconds + 0.5);
        Assert.Equal(TestMedia.Renditions.Select(r => (r.Height, r.Width)), demo.Renditions.Select(r => (r.Height, r.Width)));
        Assert.All(demo.Renditions, r =>
        {
            Assert.Equal(VideoAvailability.Ready, r.State);
            Assert.StartsWith("avc1.", r.Codecs, StringComparison.Ordinal);
            Assert.InRange(r.FrameRate, 29.9, 30.1);
        });
        var bitrates = demo.Renditions.Select(r => r.BitrateBps).ToList();
        Assert.True(bitrates[0] < bitrates[1] && bitrates[1] < bitrates[2], "bitrates should rise with height: " + string.Join(", ", bitrates));
    }

    [Fact]
    public async Task List_reports_a_file_that_is_not_a_video_as_unavailable_with_a_reason()
    {
        await using var client = await server.ConnectAsync("lister2");

        var videos = await client.ListVideosAsync();

        var broken = Assert.Single(videos, v => v.Name == TestMedia.BrokenVideo);
        Assert.Equal(VideoAvailability.Unavailable, broken.State);
        Assert.False(string.IsNullOrWhiteSpace(broken.Detail));
    }

    [Fact]
    public async Task Describe_lists_aligned_two_second_segments_for_every_rendition()
    {
        await using var client = await server.ConnectAsync("describer");

        var details = await client.DescribeVideoAsync(TestMedia.Video);

        Assert.Equal(TestMedia.Renditions.Select(r => r.Height), details.Renditions.Select(r => r.Height));
        var counts = details.Renditions.Select(r => r.Segments.Count).Distinct().ToList();
        Assert.Equal(6, Assert.Single(counts));
        Assert.All(details.Renditions, r =>
        {
            Assert.All(r.Segments, s => Assert.InRange(s.DurationSeconds, 1.9, 2.1));
            Assert.All(r.Segments, s => Assert.True(s.Bytes > 0));
        });
    }
}
