using Parley.Media.Packaging;
using Parley.Media.Probing;
using Parley.Media.Tools;
using Parley.Media.Videos;

namespace Parley.Video.Tests;

public sealed class CodecStringTests
{
    [Theory]
    [InlineData("h264", "High", 31, "aac", "LC", "avc1.64001F,mp4a.40.2")]
    [InlineData("h264", "Main", 40, "aac", "HE-AAC", "avc1.4D4028,mp4a.40.5")]
    [InlineData("h264", "Constrained Baseline", 30, null, null, "avc1.42E01E")]
    [InlineData("hevc", "Main", 93, "mp3", null, "hvc1.1.6.L93.B0,mp4a.40.34")]
    [InlineData("h264", "High", 51, "ac3", null, "avc1.640033,ac-3")]
    public void Builds_rfc6381_codecs_from_profile_and_level(
        string video, string profile, int level, string? audio, string? audioProfile, string expected) =>
        Assert.Equal(expected, CodecStrings.For(video, profile, level, audio, audioProfile));

    [Theory]
    [InlineData("out_time_us=3000000", 50)]
    [InlineData("out_time_ms=1500000", 25)]
    [InlineData("out_time_us=7000000", 99)]
    [InlineData("out_time_us=-5", 0)]
    [InlineData("progress=end", 100)]
    [InlineData("frame=12", null)]
    [InlineData("out_time_us=N/A", null)]
    public void Reads_ffmpeg_progress_as_a_share_of_the_duration(string line, int? expected) =>
        Assert.Equal(expected, FfmpegProgress.Percent(line, TimeSpan.FromSeconds(6)));

    [Fact]
    public void Reads_segments_and_start_times_from_a_playlist()
    {
        using var directory = new TempDir();
        File.WriteAllText(directory.Combine("index.m3u8"), "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000000,\nseg_00000.ts\n#EXTINF:1.500000,\nseg_00001.ts\n#EXT-X-ENDLIST\n");
        File.WriteAllBytes(directory.Combine("seg_00000.ts"), new byte[188]);
        File.WriteAllBytes(directory.Combine("seg_00001.ts"), new byte[376]);

        var segments = HlsPlaylist.ReadSegments(directory.Path);

        Assert.Equal(
            [new SegmentInfo(0, 0, 2, "seg_00000.ts", 188), new SegmentInfo(1, 2, 1.5, "seg_00001.ts", 376)],
            segments);
    }

    [Fact]
    public void Rejects_a_playlist_that_points_outside_its_directory()
    {
        using var directory = new TempDir();
        File.WriteAllText(directory.Combine("index.m3u8"), "#EXTM3U\n#EXTINF:2.0,\n../escape.ts\n");

        Assert.Throws<FormatException>(() => HlsPlaylist.ReadSegments(directory.Path));
    }
}
