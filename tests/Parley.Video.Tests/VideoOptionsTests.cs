using Parley.Server;

namespace Parley.Video.Tests;

public sealed class VideoOptionsTests
{
    [Fact]
    public void The_media_cache_lives_in_the_data_directory_unless_set()
    {
        var defaults = ParleyServerOptions.Resolve(new Dictionary<string, string?> { ["Data"] = "somewhere" });
        Assert.Equal(Path.Combine("somewhere", "media"), defaults.MediaCacheDirectory);
        Assert.True(defaults.GenerateSampleVideos);
        Assert.Equal("ffmpeg", defaults.FfmpegPath);
        Assert.Equal("ffprobe", defaults.FfprobePath);

        var set = ParleyServerOptions.Resolve(new Dictionary<string, string?>
        {
            ["Media"] = "cache",
            ["GenerateSampleVideos"] = "false",
            ["Ffmpeg"] = "/opt/ffmpeg",
            ["FfprobePath"] = "/opt/ffprobe",
        });
        Assert.Equal("cache", set.MediaCacheDirectory);
        Assert.False(set.GenerateSampleVideos);
        Assert.Equal("/opt/ffmpeg", set.FfmpegPath);
        Assert.Equal("/opt/ffprobe", set.FfprobePath);
    }

    [Fact]
    public void A_sample_flag_that_is_not_true_or_false_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ParleyServerOptions.Resolve(new Dictionary<string, string?> { ["GenerateSampleVideos"] = "maybe" }));
        Assert.Contains("GenerateSampleVideos", error.Message, StringComparison.Ordinal);
    }
}
