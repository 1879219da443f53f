using Parley.Client;

namespace Parley.Client.Tests;

/// <summary>A fixed height that cannot be played says why: there is none, it is still preparing, or it failed.</summary>
public sealed class PlaybackPlanTests
{
    [Theory]
    [InlineData(360, "'clip' has no 360p rendition; available: 240p")]
    [InlineData(480, "the 480p rendition of 'clip' is unavailable: ffmpeg could not read it; available: 240p")]
    [InlineData(720, "the 720p rendition of 'clip' is not ready yet (preparing 40%); available: 240p")]
    public void A_height_that_cannot_play_is_refused_with_its_reason(int height, string expected)
    {
        var ready = Rendition(240, VideoAvailability.Ready, string.Empty);
        var video = new VideoInfo(
            "clip",
            VideoAvailability.Ready,
            string.Empty,
            100,
            TimeSpan.FromSeconds(2),
            [ready, Rendition(480, VideoAvailability.Unavailable, "ffmpeg could not read it"), Rendition(720, VideoAvailability.Preparing, "preparing 40%")]);
        var details = new VideoDetails(video, [new RenditionSegments(ready, [new VideoSegment(0, 0, 2, 1000)])]);

        var error = Assert.Throws<VideoException>(() =>
            PlaybackPlan.For(details, new PlaybackRequest("clip") { Quality = PlaybackQuality.Fixed, Height = height }));

        Assert.Equal(VideoError.RenditionUnavailable, error.Error);
        Assert.Equal(expected, error.Message);
    }

    private static VideoRenditionInfo Rendition(int height, VideoAvailability state, string detail) =>
        new(height, height * 16 / 9, 500_000, 30, "avc1.64001f,mp4a.40.2", state, detail);
}
