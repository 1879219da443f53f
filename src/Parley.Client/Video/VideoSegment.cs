namespace Parley.Client;

/// <summary>One MPEG-TS segment of a rendition.</summary>
public sealed record VideoSegment(int Index, double StartSeconds, double DurationSeconds, long Bytes);
