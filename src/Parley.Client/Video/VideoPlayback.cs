using System.Diagnostics;

namespace Parley.Client.Video;

/// <summary>Writes a video's segments, one continuous MPEG-TS stream, choosing a rendition per segment.</summary>
internal static class VideoPlayback
{
    /// <exception cref="VideoException">A segment was refused.</exception>
    public static async Task<PlaybackResult> PlayAsync(
        PlaybackPlan plan,
        SegmentReader reader,
        Stream output,
        IProgress<PlaybackProgress>? progress,
        CancellationToken ct)
    {
        var renditions = plan.Renditions;
        var reference = plan.Reference;
        var count = plan.SegmentCount;
        var duration = reference.Sum(s => s.DurationSeconds);
        var choose = Chooser(plan, out var adaptive);

        var played = new List<PlayedSegment>();
        var clock = Stopwatch.StartNew();
        var startPosition = reference[plan.FirstSegment].StartSeconds;
        for (var index = plan.FirstSegment; index < count; index++)
        {
            var rendition = choose(index);
            if (index >= rendition.Segments.Count)
            {
                rendition = renditions.Last(r => r.Segments.Count > index);
            }

            var segmentClock = Stopwatch.StartNew();
            long bytes;
            try
            {
                bytes = await reader.ReadAsync(plan.Video, rendition.Height, index, output, ct).ConfigureAwait(false);
            }
            catch (VideoException ex) when (ex.Error == VideoError.UnknownVideo && !reader.Reconnected)
            {
                // It was described a moment ago, so "no video named" would mislead. (After a reconnect the reader says what happened.)
                throw new VideoException(VideoError.UnknownVideo, $"'{plan.Video}' was removed from the server during playback", ex);
            }

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

        await output.FlushAsync(ct).ConfigureAwait(false);
        return new PlaybackResult(plan.Video, played, clock.Elapsed);
    }

    private static Func<int, RenditionSegments> Chooser(PlaybackPlan plan, out AdaptiveQuality? adaptive)
    {
        adaptive = null;
        var renditions = plan.Renditions;
        switch (plan.Request.Quality)
        {
            case PlaybackQuality.Fixed:
                var fixedRendition = plan.FixedRendition!;
                return _ => fixedRendition;
            case PlaybackQuality.Thirds:
                var picks = new[] { renditions[0], renditions[renditions.Count / 2], renditions[^1] };
                var count = plan.SegmentCount;
                return index => picks[Math.Min(2, index * 3 / Math.Max(1, count))];
            default:
                var quality = new AdaptiveQuality(renditions.Select(r => r.BitrateBps).ToList());
                adaptive = quality;
                return _ => renditions[quality.Current];
        }
    }
}
