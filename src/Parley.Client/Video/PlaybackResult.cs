namespace Parley.Client;

/// <summary>Everything written by one <see cref="ParleyClient.PlayVideoAsync"/>.</summary>
public sealed record PlaybackResult(string Video, IReadOnlyList<PlayedSegment> Segments, TimeSpan Elapsed)
{
    public long Bytes => Segments.Sum(s => s.Bytes);
}
