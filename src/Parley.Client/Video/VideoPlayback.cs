using System.Diagnostics;
using System.Globalization;

namespace Parley.Client.Video;

/// <summary>Writes a video's segments, one continuous MPEG-TS stream, choosing a rendition per segment.</summary>
internal static class VideoPlayback
{
    /// <exception cref="VideoException">Unknown video, unknown height, nothing ready.</exception>
    public static async Task<PlaybackResult> PlayAsync(
        VideoDetails details,
        SegmentReader reader,
        PlaybackRequest request,
        Stream output,
        IProgress<PlaybackProgress>? progress,
        CancellationToken ct)
    {
        var renditions = details.Renditions.Where(r => r.Segments.Count > 0).OrderBy(r => r.Height).ToList();
        if (renditions.Count == 0)
        {
            throw new VideoException(VideoError.VideoUnavailable, $"'{details.Video.Name}' has no ready rendition yet");
        }

        var count = renditions.Max(r => r.Segments.Count);
        var reference = renditions.First(r => r.Segments.Count == count).Segments;
        var duration = reference.Sum(s => s.DurationSeconds);
        var first = FirstSegment(reference, request.StartSeconds, details.Video.Name);
        var choose = Chooser(request, renditions, count, details.Video.Name, out var adaptive);

        var played = new List<PlayedSegment>();
        var clock = Stopwatch.StartNew();
        var startPosition = reference[first].StartSeconds;
        for (var index = first; index < count; index++)
        {
            var rendition = choose(index);
            if (index >= rendition.Segments.Count)
            {
                rendition = renditions.Last(r => r.Segments.Count > index);
            }

            var segmentClock = Stopwatch.StartNew();
            var bytes = await reader.ReadAsync(details.Video.Name, rendition.Height, index, output, ct);
            var elapsed = segmentClock.Elapsed;
            adaptive?.Observe(bytes, elapsed);
            var throughput = adaptive?.Throughput ?? bytes * 8 / Math.Max(elapsed.TotalSeconds, 0.0005);
            played.Add(new PlayedSegment(index, rendition.Height, bytes, throughput));

            var position = reference[index].StartSeconds + reference[index].DurationSeconds;
            progress?.Report(new PlaybackProgress(
                position,
                duration,
                rendition.Height,
                throughput,
                position - startPosition - clock.Elapsed.TotalSeconds,
                index,
                count));
        }

        await output.FlushAsync(ct);
        return new PlaybackResult(details.Video.Name, played, clock.Elapsed);
    }

    private static int FirstSegment(IReadOnlyList<VideoSegment> segments, double startSeconds, string video)
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

    private static Func<int, RenditionSegments> Chooser(
        PlaybackRequest request,
        List<RenditionSegments> renditions,
        int count,
        string video,
        out AdaptiveQuality? adaptive)
    {
        adaptive = null;
        switch (request.Quality)
        {
            case PlaybackQuality.Fixed:
                var height = request.Height ?? throw new ArgumentException("a fixed quality needs a height", nameof(request));
                var fixedRendition = renditions.FirstOrDefault(r => r.Height == height)
                    ?? throw new VideoException(
                        VideoError.RenditionUnavailable,
                        $"'{video}' has no {height}p rendition; available: {string.Join(", ", renditions.Select(r => r.Height.ToString(CultureInfo.InvariantCulture) + "p"))}");
                return _ => fixedRendition;
            case PlaybackQuality.Thirds:
                var picks = new[] { renditions[0], renditions[renditions.Count / 2], renditions[^1] };
                return index => picks[Math.Min(2, index * 3 / Math.Max(1, count))];
            default:
                var quality = new AdaptiveQuality(renditions.Select(r => r.BitrateBps).ToList());
                adaptive = quality;
                return _ => renditions[quality.Current];
        }
    }
}
