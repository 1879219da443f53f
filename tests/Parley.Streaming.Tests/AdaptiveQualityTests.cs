using Parley.Client.Video;

namespace Parley.Streaming.Tests;

public sealed class AdaptiveQualityTests
{
    private static readonly long[] s_bitrates = [270_000, 1_600_000, 3_200_000];

    [Fact]
    public void It_starts_at_the_lowest_rendition()
    {
        Assert.Equal(0, new AdaptiveQuality(s_bitrates).Current);
    }

    [Fact]
    public void Plenty_of_throughput_climbs_one_rendition_per_segment()
    {
        var quality = new AdaptiveQuality(s_bitrates);

        quality.Observe(1_000_000, TimeSpan.FromMilliseconds(10));
        Assert.Equal(1, quality.Current);
        quality.Observe(1_000_000, TimeSpan.FromMilliseconds(10));
        Assert.Equal(2, quality.Current);
        quality.Observe(1_000_000, TimeSpan.FromMilliseconds(10));
        Assert.Equal(2, quality.Current);
    }

    [Fact]
    public void It_settles_on_the_highest_rendition_under_seventy_percent_of_the_throughput()
    {
        var quality = new AdaptiveQuality(s_bitrates);

        // 400 000 B/s = 3.2 Mb/s; 70 % of it is 2.24 Mb/s: the middle rendition fits, the top does not.
        for (var i = 0; i < 6; i++)
        {
            quality.Observe(400_000, TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, quality.Current);
    }

    [Fact]
    public void A_throughput_collapse_steps_down_as_soon_as_the_average_no_longer_carries_the_rendition()
    {
        var quality = new AdaptiveQuality(s_bitrates);
        for (var i = 0; i < 3; i++)
        {
            quality.Observe(625_000, TimeSpan.FromSeconds(1)); // 5 Mb/s
        }

        Assert.Equal(2, quality.Current);

        var path = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            quality.Observe(37_500, TimeSpan.FromSeconds(1)); // 0.3 Mb/s
            path.Add(quality.Current);
        }

        Assert.Equal([1, 0], path);
    }
}
