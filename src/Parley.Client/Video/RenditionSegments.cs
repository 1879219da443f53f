namespace Parley.Client;

/// <summary>The segments of one ready rendition, in playback order.</summary>
public sealed record RenditionSegments(VideoRenditionInfo Rendition, IReadOnlyList<VideoSegment> Segments)
{
    public int Height => Rendition.Height;

    /// <summary>The listed bitrate, or bytes over duration of the segments when the server did not probe one.</summary>
    public long BitrateBps
    {
        get
        {
            if (Rendition.BitrateBps > 0)
            {
                return Rendition.BitrateBps;
            }

            var seconds = Segments.Sum(s => s.DurationSeconds);
            return seconds > 0 ? (long)(Segments.Sum(s => s.Bytes) * 8 / seconds) : 0;
        }
    }
}
