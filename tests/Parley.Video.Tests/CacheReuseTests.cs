using Parley.Server.Video;

namespace Parley.Video.Tests;

[Collection(MediaCollection.Name)]
public sealed class CacheReuseTests(MediaFixture media)
{
    [Fact]
    public async Task A_restart_reuses_packaged_segments_and_a_changed_source_is_packaged_again()
    {
        using var root = new TempDirectory();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        var cache = root.Combine("media");
        media.CopyClip(videos);
        File.Copy(media.SoloFile, Path.Combine(videos, "solo.mp4"));

        await using (var first = await LibraryHarness.StartAsync(videos, cache))
        {
            await first.IdleAsync();
            Assert.Equal(VideoState.Ready, first.Video("clip").State);
            Assert.Equal(VideoState.Ready, first.Video("solo").State);
        }

        var before = Stamps(cache);
        Assert.Contains(before.Keys, path => path.EndsWith("manifest.json", StringComparison.Ordinal));

        await using (var second = await LibraryHarness.StartAsync(videos, cache))
        {
            await second.IdleAsync();
            Assert.Equal(VideoState.Ready, second.Video("clip").State);
            Assert.Equal([240, 720], second.Video("solo").Renditions.Select(r => r.Height));
            Assert.All(second.Video("solo").Renditions, r => Assert.Equal(VideoState.Ready, r.State));
            Assert.True(second.Library.TryGetRendition("clip", 720, out var reused));
            Assert.Equal(3, reused.Segments.Count);
        }

        Assert.Equal(before, Stamps(cache));

        var changed = Path.Combine(videos, "clip_720.mp4");
        File.SetLastWriteTimeUtc(changed, File.GetLastWriteTimeUtc(changed).AddMinutes(1));
        await using (var third = await LibraryHarness.StartAsync(videos, cache))
        {
            await third.IdleAsync();
            Assert.Equal(VideoState.Ready, third.Video("clip").State);
        }

        var after = Stamps(cache);
        var manifest720 = Path.Combine(cache, "clip", "720", "manifest.json");
        var manifest240 = Path.Combine(cache, "clip", "240", "manifest.json");
        Assert.NotEqual(before[manifest720], after[manifest720]);
        Assert.Equal(before[manifest240], after[manifest240]);
    }

    private static Dictionary<string, DateTime> Stamps(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(path => path, File.GetLastWriteTimeUtc);
}
