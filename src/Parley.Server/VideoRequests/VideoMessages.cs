using Parley.Media.Videos;
using Parley.Protocol.Messages;
using WireVideoState = Parley.Protocol.Messages.VideoState;

namespace Parley.Server.VideoRequests;

/// <summary>Translates the video library's records into their wire messages.</summary>
internal static class VideoMessages
{
    public static VideoSummary Summary(VideoEntry video)
    {
        var summary = new VideoSummary
        {
            Name = video.Name,
            State = State(video.State),
            Detail = video.Detail ?? string.Empty,
            Percent = (uint)Math.Clamp(video.PreparingPercent ?? 0, 0, 100),
            DurationSeconds = video.Duration.TotalSeconds,
        };
        foreach (var rendition in video.Renditions)
        {
            summary.Renditions.Add(new Rendition
            {
                Height = (uint)Math.Max(0, rendition.Height),
                Width = (uint)Math.Max(0, rendition.Width),
                BitrateBps = (ulong)Math.Max(0, rendition.BitrateBps),
                FrameRate = rendition.FrameRate,
                Codecs = rendition.Codecs ?? string.Empty,
                State = State(rendition.State),
                Detail = rendition.Detail ?? string.Empty,
            });
        }

        return summary;
    }

    public static RenditionSegments Segments(PackagedRendition rendition)
    {
        var segments = new RenditionSegments { Height = (uint)rendition.Info.Height };
        foreach (var segment in rendition.Segments)
        {
            segments.Segments.Add(new Segment { DurationSeconds = segment.DurationSeconds, Bytes = (ulong)segment.Bytes });
        }

        return segments;
    }

    private static WireVideoState State(Parley.Media.Videos.VideoState state) => state switch
    {
        Parley.Media.Videos.VideoState.Ready => WireVideoState.Ready,
        Parley.Media.Videos.VideoState.Preparing => WireVideoState.Preparing,
        Parley.Media.Videos.VideoState.Unavailable => WireVideoState.Unavailable,
        _ => WireVideoState.Unspecified,
    };
}
