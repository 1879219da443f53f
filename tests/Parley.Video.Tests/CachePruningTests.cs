using Parley.Media.Packaging;
using Parley.Media.Videos;

namespace Parley.Video.Tests;

[Collection(MediaCollection.Name)]
public sealed class CachePruningTests(MediaFixture media)
{
    [Fact]
    public async Task Removing_source_files_while_running_prunes_their_cache_and_keeps_the_rest_unrepackaged()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        var cache = root.Combine("media");
        media.CopyClip(videos);
        File.Copy(media.ClipFile(240), Path.Combine(videos, "other_240.mp4"));
        await using var harness = await LibraryHarness.StartAsync(videos, cache);
        await harness.IdleAsync();
        Assert.Equal(VideoState.Ready, harness.Video("clip").State);
        var before = FileStamps.Of(cache);

        File.Delete(Path.Combine(videos, "clip_1080.mp4"));
        await harness.UntilAsync(library => library.TryGetVideo("clip", out var clip) && clip.Renditions.All(r => r.Height != 1080));
        await harness.IdleAsync();

        Assert.False(Directory.Exists(Path.Combine(cache, "clip", "1080")));
        Assert.False(harness.Library.TryGetRendition("clip", 1080, out _));
        Assert.True(harness.Library.TryGetRendition("clip", 720, out _));
        var afterRendition = FileStamps.Of(cache);
        Assert.Equal(FileStamps.Where(before, path => !path.Contains("/1080/", StringComparison.Ordinal)), afterRendition);

        File.Delete(Path.Combine(videos, "clip_240.mp4"));
        File.Delete(Path.Combine(videos, "clip_720.mp4"));
        await harness.UntilAsync(library => !library.TryGetVideo("clip", out _));
        await harness.IdleAsync();

        Assert.False(Directory.Exists(Path.Combine(cache, "clip")));
        Assert.Equal(VideoState.Ready, harness.Video("other").State);
        Assert.Equal(FileStamps.Where(before, path => path.Contains("/other/", StringComparison.Ordinal)), FileStamps.Of(cache));
    }

    [Fact]
    public async Task A_video_removed_while_stopped_is_pruned_on_start_and_a_transcoded_ladder_with_its_source_is_kept()
    {
        using var root = new TempDir();
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

        var solo = FileStamps.Of(Path.Combine(cache, "solo"));
        Assert.Contains(Path.Combine(cache, "solo", "720", "manifest.json"), solo.Keys);
        foreach (var height in MediaFixture.ClipHeights)
        {
            File.Delete(Path.Combine(videos, $"clip_{height}.mp4"));
        }

        await using (var second = await LibraryHarness.StartAsync(videos, cache))
        {
            await second.IdleAsync();
            Assert.Equal(["solo"], second.Library.List().Select(v => v.Name));
            Assert.Equal(VideoState.Ready, second.Video("solo").State);
        }

        Assert.False(Directory.Exists(Path.Combine(cache, "clip")));
        Assert.Equal(solo, FileStamps.Of(Path.Combine(cache, "solo")));
    }

    [Fact]
    public async Task Replacing_a_lone_source_with_a_shorter_one_prunes_the_rungs_it_no_longer_has_but_never_a_staging_directory()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        var cache = root.Combine("media");
        File.Copy(media.SoloFile, Path.Combine(videos, "solo.mp4"));
        await using var harness = await LibraryHarness.StartAsync(videos, cache);
        await harness.IdleAsync();
        Assert.Equal([240, 720], harness.Video("solo").Renditions.Select(r => r.Height));
        Assert.True(File.Exists(Path.Combine(cache, "solo", "720", "manifest.json")));

        // Shaped like an in-progress transcode's staging directory: pruning must never touch one.
        var staging = Directory.CreateDirectory(Path.Combine(cache, "solo", ".staging-720-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllBytes(Path.Combine(staging, "seg_00000.ts"), new byte[188]);

        // A 240-tall NAME.mp4 in place of the 720-tall one, renamed in whole so no scan sees half a file.
        var shorter = root.Combine("shorter.mp4");
        File.Copy(media.ClipFile(240), shorter);
        File.Move(shorter, Path.Combine(videos, "solo.mp4"), overwrite: true);
        await harness.UntilAsync(library =>
            library.TryGetVideo("solo", out var solo) && solo.State == VideoState.Ready && solo.Renditions.Select(r => r.Height).SequenceEqual([240]));
        await harness.IdleAsync();

        Assert.False(Directory.Exists(Path.Combine(cache, "solo", "720")));
        Assert.True(File.Exists(Path.Combine(staging, "seg_00000.ts")));
        Assert.True(harness.Library.TryGetRendition("solo", 240, out var rung));
        Assert.All(rung.Segments, segment => Assert.True(File.Exists(Path.Combine(cache, "solo", "240", segment.FileName))));
        var manifest = RenditionManifest.TryRead(Path.Combine(cache, "solo", "240"));
        Assert.NotNull(manifest);
        Assert.True(manifest.Matches(SourceFile.Of(new FileInfo(Path.Combine(videos, "solo.mp4"))), RenditionManifest.LadderKind));
    }

    [Fact]
    public async Task Foreign_files_directories_and_symbolic_links_in_the_cache_are_left_alone()
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

        var clip = MediaFixture.ClipHeights.ToDictionary(height => height, height => FileStamps.Of(Path.Combine(cache, "clip", $"{height}")));

        // Packaged renditions of a video that is not in the folder: the library's own, so pruned.
        CopyDirectory(Path.Combine(cache, "clip", "240"), Path.Combine(cache, "stale", "240"));

        // A real package outside the cache, reachable only through symbolic links inside it.
        var outside = CopyDirectory(Path.Combine(cache, "clip", "720"), root.Combine("outside", "720"));
        var outsideFiles = Directory.GetFiles(outside).Length;
        var linkedVideo = Directory.CreateSymbolicLink(Path.Combine(cache, "linked"), root.Combine("outside")).FullName;
        var linkedRendition = Directory.CreateSymbolicLink(Path.Combine(cache, "clip", "360"), outside).FullName;
        var linkedManifest = Directory.CreateDirectory(Path.Combine(cache, "fake", "720")).FullName;
        File.CreateSymbolicLink(Path.Combine(linkedManifest, "manifest.json"), Path.Combine(outside, "manifest.json"));

        // Shaped like the library's but not written by it: no manifest, or a file the manifest does not name.
        var foreignFile = Path.Combine(cache, "notes.txt");
        File.WriteAllText(foreignFile, "mine");
        var noManifest = Directory.CreateDirectory(Path.Combine(cache, "gone", "720")).FullName;
        File.WriteAllBytes(Path.Combine(noManifest, "seg_00000.ts"), new byte[188]);
        var extraFile = CopyDirectory(Path.Combine(cache, "clip", "1080"), Path.Combine(cache, "clip", "480"));
        File.WriteAllText(Path.Combine(extraFile, "notes.txt"), "mine");

        await using (var second = await LibraryHarness.StartAsync(videos, cache))
        {
            await second.IdleAsync();
            Assert.Equal(["clip"], second.Library.List().Select(v => v.Name));
        }

        Assert.False(Directory.Exists(Path.Combine(cache, "stale")));
        Assert.Equal(outsideFiles, Directory.GetFiles(outside).Length);
        Assert.NotNull(new DirectoryInfo(linkedVideo).LinkTarget);
        Assert.NotNull(new DirectoryInfo(linkedRendition).LinkTarget);
        Assert.True(File.Exists(Path.Combine(linkedManifest, "manifest.json")));
        Assert.True(File.Exists(foreignFile));
        Assert.True(File.Exists(Path.Combine(noManifest, "seg_00000.ts")));
        Assert.Equal(Directory.GetFiles(Path.Combine(cache, "clip", "1080")).Length + 1, Directory.GetFiles(extraFile).Length);
        Assert.All(clip, pair => Assert.Equal(pair.Value, FileStamps.Of(Path.Combine(cache, "clip", $"{pair.Key}"))));
    }

    private static string CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        return to;
    }
}
