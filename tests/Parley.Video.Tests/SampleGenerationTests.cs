using Parley.Media.Videos;

namespace Parley.Video.Tests;

public sealed class SampleGenerationTests
{
    [Fact]
    public async Task An_empty_folder_gets_a_ready_sample_video_written_into_it()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        await using var harness = await LibraryHarness.StartAsync(
            videos, root.Combine("media"), generateSamples: true, sampleDuration: TimeSpan.FromSeconds(2));
        await harness.IdleAsync();

        Assert.Equal(
            ["sample_1080.mp4", "sample_240.mp4", "sample_720.mp4"],
            Directory.GetFiles(videos).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var sample = harness.Video("sample");
        Assert.Equal(VideoState.Ready, sample.State);
        Assert.Equal([240, 720, 1080], sample.Renditions.Select(r => r.Height));
        Assert.All(sample.Renditions, r => Assert.Equal(VideoState.Ready, r.State));
        Assert.True(harness.Library.TryGetRendition("sample", 1080, out var packaged));
        Assert.Single(packaged.Segments);
        Assert.Empty(Directory.GetDirectories(root.Combine("media"), ".staging*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task No_sample_is_made_when_the_folder_holds_only_files_with_unusable_names()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        File.WriteAllBytes(Path.Combine(videos, "my holiday.MP4"), [0, 0, 0, 0]);
        await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"), generateSamples: true);
        await harness.IdleAsync();

        Assert.Empty(harness.Library.List());
        Assert.Equal(["my holiday.MP4"], Directory.GetFiles(videos).Select(Path.GetFileName));
    }

    [Fact]
    public async Task No_sample_is_made_when_turned_off()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"), generateSamples: false);
        await harness.IdleAsync();

        Assert.Empty(harness.Library.List());
        Assert.Empty(Directory.GetFiles(videos));
    }
}
