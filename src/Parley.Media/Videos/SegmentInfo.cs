namespace Parley.Media.Videos;

/// <summary>One HLS segment of a packaged rendition.</summary>
/// <param name="Index">0-based position in the playlist.</param>
/// <param name="StartSeconds">Sum of the durations of the segments before it.</param>
/// <param name="DurationSeconds">From the playlist's #EXTINF.</param>
/// <param name="FileName">Bare file name inside <see cref="PackagedRendition.Directory"/>, e.g. "seg_00000.ts".</param>
/// <param name="Bytes">Size of the segment file.</param>
public sealed record SegmentInfo(int Index, double StartSeconds, double DurationSeconds, string FileName, long Bytes);
