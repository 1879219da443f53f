using Parley.Media.Videos;

namespace Parley.Video.Tests;

public sealed class VideoNamesTests
{
    [Theory]
    [InlineData("sample")]
    [InlineData("My.Movie-2024_final")]
    [InlineData("a")]
    public void Accepts_plain_names(string name) => Assert.True(VideoNames.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    [InlineData("a..b")]
    [InlineData("with space")]
    [InlineData("caf\u00e9")]
    public void Rejects_names_that_could_escape_or_confuse_paths(string name) => Assert.False(VideoNames.IsValid(name));

    [Fact]
    public void Rejects_names_longer_than_the_limit()
    {
        Assert.True(VideoNames.IsValid(new string('x', VideoNames.MaxLength)));
        Assert.False(VideoNames.IsValid(new string('x', VideoNames.MaxLength + 1)));
    }

    [Fact]
    public async Task The_library_rejects_invalid_names_even_when_asked_directly()
    {
        using var root = new TempDir();
        await using var harness = await LibraryHarness.StartAsync(root.Combine("videos"), root.Combine("media"));
        await harness.IdleAsync();

        foreach (var name in (string[])["../x", "a/b", "a\\b", "..", "", "../../etc/passwd"])
        {
            Assert.False(harness.Library.TryGetVideo(name, out _), name);
            Assert.False(harness.Library.TryGetRendition(name, 720, out _), name);
        }
    }
}
