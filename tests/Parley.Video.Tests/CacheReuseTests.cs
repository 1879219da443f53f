using Parley.Media.Videos;

namespace Parley.Video.Tests;

[Collection(MediaCollection.Name)]
public sealed class CacheReuseTests(MediaFixture media)
{
    [Fact]
    public async Task A_restart_reuses_packaged_segments_and_a_changed_source_is_packaged_again()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        var cache = root.Combine("media");
        media.CopyClip(videos);

        await using (var first = await LibraryHarness.StartAsync(videos, cache))
        {
            await first.IdleAsync();
            Assert.Equal(VideoState.Ready, first.Video("clip").State);
        }

        var before = FileStamps.Of(cache);
        Assert.Contains(before.Keys, path => path.EndsWith("manifest.json", StringComparison.Ordinal));

        await using (var second = await LibraryHarness.StartAsync(videos, cache))
        {
            await second.IdleAsync();
            Assert.Equal(VideoState.Ready, second.Video("clip").State);
            Assert.True(second.Library.TryGetRendition("clip", 720, out var reused));
            Assert.Equal(3, reused.Segments.Count);
        }

        Assert.Equal(before, FileStamps.Of(cache));

        var changed = Path.Combine(videos, "clip_720.mp4");
        File.SetLastWriteTimeUtc(changed, File.GetLastWriteTimeUtc(changed).AddMinutes(1));
        await using (var third = await LibraryHarness.StartAsync(videos, cache))
        {
            await third.IdleAsync();
            Assert.Equal(VideoState.Ready, third.Video("clip").State);
        }

        var after = FileStamps.Of(cache);
        var manifest720 = Path.Combine(cache, "clip", "720", "manifest.json");
        var manifest240 = Path.Combine(cache, "clip", "240", "manifest.json");
        Assert.NotEqual(before[manifest720], after[manifest720]);
        Assert.Equal(before[manifest240], after[manifest240]);
    }

    [Fact]
    public async Task Staging_left_by_a_crash_is_removed_on_start()
    {
        using var root = new TempDir();
        var leftover = Directory.CreateDirectory(root.Combine("media", "clip", ".staging-720-0123456789abcdef")).FullName;
        File.WriteAllBytes(Path.Combine(leftover, "seg_00000.ts"), new byte[188]);
        var kept = Directory.CreateDirectory(root.Combine("media", "clip", "720")).FullName;
        await using var harness = await LibraryHarness.StartAsync(root.Combine("videos"), root.Combine("media"));
        await harness.IdleAsync();

        Assert.False(Directory.Exists(leftover));
        Assert.True(Directory.Exists(kept));
    }
}
