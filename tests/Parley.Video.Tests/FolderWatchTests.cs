using Parley.Media.Videos;

namespace Parley.Video.Tests;

[Collection(MediaCollection.Name)]
public sealed class FolderWatchTests(MediaFixture media)
{
    [Fact]
    public async Task Files_added_and_removed_while_running_are_picked_up()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        File.Copy(media.ClipFile(240), Path.Combine(videos, "first_240.mp4"));
        await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"));
        await harness.IdleAsync();
        Assert.Equal(["first"], harness.Library.List().Select(v => v.Name));

        // Written under a name the library ignores, then renamed, as a careful copy would.
        var staging = Path.Combine(videos, ".incoming");
        File.Copy(media.ClipFile(720), staging);
        File.Move(staging, Path.Combine(videos, "second_720.mp4"));
        await harness.UntilAsync(library => library.TryGetVideo("second", out var v) && v.State == VideoState.Ready);
        Assert.True(harness.Library.TryGetRendition("second", 720, out var packaged));
        Assert.Equal(3, packaged.Segments.Count);

        File.Delete(Path.Combine(videos, "first_240.mp4"));
        await harness.UntilAsync(library => !library.TryGetVideo("first", out _));
        Assert.Equal(["second"], harness.Library.List().Select(v => v.Name));
        Assert.False(harness.Library.TryGetRendition("first", 240, out _));
    }
}
