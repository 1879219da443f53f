using Parley.Media.Videos;

namespace Parley.Video.Tests;

public sealed class VideoFileNameTests
{
    [Theory]
    [InlineData("movie_720.mp4", "movie", 720)]
    [InlineData("my_movie_1440.MP4", "my_movie", 1440)]
    [InlineData("movie.mp4", "movie", null)]
    [InlineData("movie_hd.mp4", "movie_hd", null)]
    [InlineData("movie_0.mp4", "movie_0", null)]
    [InlineData("2024.mp4", "2024", null)]
    public void Maps_files_to_a_name_and_rendition_height(string file, string name, int? height)
    {
        Assert.True(VideoFileName.TryParse(file, out var parsedName, out var parsedHeight));
        Assert.Equal(name, parsedName);
        Assert.Equal(height, parsedHeight);
    }

    [Theory]
    [InlineData("movie.mkv")]
    [InlineData(".hidden_720.mp4")]
    [InlineData("has space_720.mp4")]
    [InlineData("a..b.mp4")]
    public void Ignores_files_that_are_not_mp4_or_have_invalid_names(string file) =>
        Assert.False(VideoFileName.TryParse(file, out _, out _));
}
