using System.Globalization;

namespace Parley.Client;

/// <summary>
/// A playback request checked against a described video: which renditions can play, where playback
/// starts, and (for a fixed quality) which rendition. Made before anything is written, so a
/// request that cannot play fails before a file or a player exists.
/// </summary>
public sealed class PlaybackPlan
{
    private PlaybackPlan(
        VideoDetails details,
        PlaybackRequest request,
        IReadOnlyList<RenditionSegments> renditions,
        IReadOnlyList<VideoSegment> reference,
        int firstSegment,
        RenditionSegments? fixedRendition)
    {
        Details = details;
        Request = request;
        Renditions = renditions;
        Reference = reference;
        FirstSegment = firstSegment;
        FixedRendition = fixedRendition;
    }

    public VideoDetails Details { get; }

    public PlaybackRequest Request { get; }

    /// <summary>The ready renditions (with segments), ascending height.</summary>
    public IReadOnlyList<RenditionSegments> Renditions { get; }

    /// <summary>The index of the segment playback starts with.</summary>
    public int FirstSegment { get; }

    /// <summary>The rendition of <see cref="PlaybackQuality.Fixed"/>; null for the other qualities.</summary>
    public RenditionSegments? FixedRendition { get; }

    internal int SegmentCount => Reference.Count;

    /// <summary>The segments of a rendition that has them all: the video's timeline.</summary>
    internal IReadOnlyList<VideoSegment> Reference { get; }

    internal string Video => Details.Video.Name;

    /// <param name="details">What <see cref="ParleyClient.DescribeVideoAsync"/> returned; its video is played (<see cref="PlaybackRequest.Video"/> is not looked at).</param>
    /// <exception cref="VideoException">
    /// Nothing of the video is ready (VideoUnavailable), no ready rendition of the requested height (RenditionUnavailable;
    /// the message lists the available heights), or the start is past the end (SegmentOutOfRange).
    /// </exception>
    public static PlaybackPlan For(VideoDetails details, PlaybackRequest request)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(request);
        var video = details.Video.Name;
        var renditions = details.Renditions.Where(r => r.Segments.Count > 0).OrderBy(r => r.Height).ToList();
        if (renditions.Count == 0)
        {
            throw new VideoException(VideoError.VideoUnavailable, $"'{video}' has no ready rendition yet");
        }

        RenditionSegments? fixedRendition = null;
        if (request.Quality == PlaybackQuality.Fixed)
        {
            var height = request.Height ?? throw new ArgumentException("a fixed quality needs a height", nameof(request));
            fixedRendition = renditions.FirstOrDefault(r => r.Height == height)
                ?? throw new VideoException(
                    VideoError.RenditionUnavailable,
                    $"{WhyNot(details, height)}; available: {string.Join(", ", renditions.Select(r => r.Height.ToString(CultureInfo.InvariantCulture) + "p"))}");
        }

        var count = renditions.Max(r => r.Segments.Count);
        var reference = renditions.First(r => r.Segments.Count == count).Segments;
        return new PlaybackPlan(details, request, renditions, reference, FirstSegmentAt(reference, request.StartSeconds, video), fixedRendition);
    }

    /// <summary>Why no ready rendition has <paramref name="height"/>: there is none, or it is still preparing, or it failed (and why).</summary>
    private static string WhyNot(VideoDetails details, int height)
    {
        var video = details.Video.Name;
        var listed = details.Video.Renditions.FirstOrDefault(r => r.Height == height);
        return listed?.State switch
        {
            VideoAvailability.Preparing => $"the {height}p rendition of '{video}' is not ready yet ({(string.IsNullOrWhiteSpace(listed.Detail) ? "preparing" : listed.Detail)})",
            VideoAvailability.Unavailable => $"the {height}p rendition of '{video}' is unavailable" + (string.IsNullOrWhiteSpace(listed.Detail) ? string.Empty : ": " + listed.Detail),
            _ => $"'{video}' has no {height}p rendition",
        };
    }

    private static int FirstSegmentAt(IReadOnlyList<VideoSegment> segments, double startSeconds, string video)
    {
        if (startSeconds <= 0)
        {
            return 0;
        }

        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].StartSeconds + segments[i].DurationSeconds > startSeconds)
            {
                return i;
            }
        }

        var total = segments.Sum(s => s.DurationSeconds);
        throw new VideoException(
            VideoError.SegmentOutOfRange,
            string.Create(CultureInfo.InvariantCulture, $"--start {startSeconds:0.###} is past the end of '{video}' ({total:0.###} s)"));
    }
}
