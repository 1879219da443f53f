using Parley.Client;

namespace Parley.Cli.Video;

/// <summary>`parley videos --json`: one object per video and line.</summary>
internal sealed record VideoJson(
    string Name,
    string State,
    string Detail,
    int Percent,
    double DurationSeconds,
    IReadOnlyList<RenditionJson> Renditions)
{
    public static VideoJson Of(VideoInfo video) =>
        new(
            video.Name,
            VideoWords.State(video.State),
            video.Detail,
            video.Percent,
            Math.Round(video.Duration.TotalSeconds, 3),
            video.Renditions.Select(RenditionJson.Of).ToList());
}

internal sealed record RenditionJson(
    int Height,
    int Width,
    long BitrateBps,
    double FrameRate,
    string Codecs,
    string State,
    string Detail)
{
    public static RenditionJson Of(VideoRenditionInfo rendition) =>
        new(
            rendition.Height,
            rendition.Width,
            rendition.BitrateBps,
            Math.Round(rendition.FrameRate, 3),
            rendition.Codecs,
            VideoWords.State(rendition.State),
            rendition.Detail);
}
