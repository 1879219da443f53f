using Parley.Protocol.Messages;
using WireVideoState = Parley.Protocol.Messages.VideoState;

namespace Parley.Client.Video;

/// <summary>Wire messages to the public video records, and error codes to <see cref="VideoException"/>.</summary>
internal static class VideoWire
{
    public static VideoInfo Info(VideoSummary summary) =>
        new(
            summary.Name,
            Availability(summary.State),
            summary.Detail,
            (int)Math.Min(summary.Percent, 100),
            TimeSpan.FromSeconds(double.IsFinite(summary.DurationSeconds) ? Math.Max(0, summary.DurationSeconds) : 0),
            summary.Renditions.Select(Rendition).OrderBy(r => r.Height).ToList());

    public static VideoDetails Details(VideoDescription description)
    {
        var video = Info(description.Video ?? new VideoSummary());
        var renditions = new List<RenditionSegments>();
        foreach (var wire in description.Renditions.OrderBy(r => r.Height))
        {
            var info = video.Renditions.FirstOrDefault(r => r.Height == (int)wire.Height)
                ?? new VideoRenditionInfo((int)wire.Height, 0, 0, 0, string.Empty, VideoAvailability.Ready, string.Empty);
            var segments = new List<VideoSegment>(wire.Segments.Count);
            var start = 0.0;
            foreach (var segment in wire.Segments)
            {
                segments.Add(new VideoSegment(segments.Count, start, segment.DurationSeconds, (long)segment.Bytes));
                start += segment.DurationSeconds;
            }

            renditions.Add(new RenditionSegments(info, segments));
        }

        return new VideoDetails(video, renditions);
    }

    public static void ThrowIfError(ErrorCode code, string message)
    {
        if (code == ErrorCode.Ok)
        {
            return;
        }

        var error = code switch
        {
            ErrorCode.UnknownVideo => VideoError.UnknownVideo,
            ErrorCode.InvalidVideoName => VideoError.InvalidVideoName,
            ErrorCode.VideoUnavailable => VideoError.VideoUnavailable,
            ErrorCode.RenditionUnavailable => VideoError.RenditionUnavailable,
            ErrorCode.SegmentOutOfRange => VideoError.SegmentOutOfRange,
            ErrorCode.VideoUrlUnavailable => VideoError.UrlUnavailable,
            ErrorCode.RateLimited => VideoError.RateLimited,
            ErrorCode.ServerBusy => VideoError.ServerBusy,
            _ => VideoError.Other,
        };
        throw new VideoException(error, string.IsNullOrEmpty(message) ? $"the server refused the request ({code})" : message);
    }

    /// <exception cref="ParleyException">The server answered with another frame type.</exception>
    public static ServerFrame Expect(ServerFrame frame, ServerFrame.BodyOneofCase expected) =>
        frame.BodyCase == expected
            ? frame
            : throw new ParleyException(ParleyErrorKind.ProtocolError, $"expected {expected} from the server, got {frame.BodyCase}");

    private static VideoRenditionInfo Rendition(Rendition rendition) =>
        new(
            (int)rendition.Height,
            (int)rendition.Width,
            (long)Math.Min(rendition.BitrateBps, long.MaxValue),
            rendition.FrameRate,
            rendition.Codecs,
            Availability(rendition.State),
            rendition.Detail);

    private static VideoAvailability Availability(WireVideoState state) => state switch
    {
        WireVideoState.Ready => VideoAvailability.Ready,
        WireVideoState.Preparing => VideoAvailability.Preparing,
        _ => VideoAvailability.Unavailable,
    };
}
