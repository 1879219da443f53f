using Parley.Media.Videos;

namespace Parley.Video.Tests;

[Collection(MediaCollection.Name)]
public sealed class RenditionPackagingTests(MediaFixture media)
{
    [Fact]
    public async Task Three_renditions_are_packaged_into_aligned_two_second_segments()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        media.CopyClip(videos);
        await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"));
        await harness.IdleAsync();

        var video = harness.Video("clip");
        Assert.Equal(VideoState.Ready, video.State);
        Assert.Equal(MediaFixture.ClipHeights, video.Renditions.Select(r => r.Height));
        Assert.All(video.Renditions, r => Assert.Equal(VideoState.Ready, r.State));
        Assert.InRange(video.Duration.TotalSeconds, MediaFixture.Seconds - 0.5, MediaFixture.Seconds + 0.5);

        var packaged = MediaFixture.ClipHeights.Select(height =>
        {
            Assert.True(harness.Library.TryGetRendition("clip", height, out var rendition));
            return rendition;
        }).ToList();
        var expectedSegments = (int)Math.Round(MediaFixture.Seconds / 2);
        foreach (var rendition in packaged)
        {
            Assert.Equal(expectedSegments, rendition.Segments.Count);
            Assert.Equal(Path.Combine(root.Combine("media"), "clip", rendition.Info.Height.ToString(System.Globalization.CultureInfo.InvariantCulture)), rendition.Directory);
            Assert.True(File.Exists(Path.Combine(rendition.Directory, "index.m3u8")));
            Assert.True(File.Exists(Path.Combine(rendition.Directory, "manifest.json")));
            Assert.All(rendition.Segments, segment =>
            {
                Assert.Matches("^seg_[0-9]{5}\\.ts$", segment.FileName);
                Assert.Equal(new FileInfo(Path.Combine(rendition.Directory, segment.FileName)).Length, segment.Bytes);
                Assert.InRange(segment.DurationSeconds, 1.5, 2.5);
            });
            Assert.Equal(Enumerable.Range(0, expectedSegments), rendition.Segments.Select(s => s.Index));
        }

        var starts = packaged[0].Segments.Select(s => s.StartSeconds).ToList();
        Assert.All(packaged, rendition => Assert.Equal(starts, rendition.Segments.Select(s => s.StartSeconds), (a, b) => Math.Abs(a - b) < 0.05));
    }

    [Fact]
    public async Task Probed_details_describe_each_rendition_for_a_master_playlist()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        media.CopyClip(videos);
        await using var harness = await LibraryHarness.StartAsync(videos, root.Combine("media"));
        await harness.IdleAsync();

        var renditions = harness.Video("clip").Renditions;
        Assert.Equal([426, 1280, 1920], renditions.Select(r => r.Width));
        Assert.All(renditions, r =>
        {
            Assert.Equal(24, r.FrameRate, 3);
            Assert.Equal("h264", r.VideoCodec);
            Assert.Equal("aac", r.AudioCodec);
            Assert.Matches("^avc1\\.[0-9A-F]{6},mp4a\\.40\\.2$", r.Codecs);
            Assert.True(r.BitrateBps > 0);
            Assert.Null(r.Detail);
        });
        Assert.True(renditions[2].BitrateBps > renditions[0].BitrateBps);
    }
}
