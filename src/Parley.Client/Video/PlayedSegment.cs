namespace Parley.Client;

/// <summary>One segment as it was played: which rendition, how big, how fast it came.</summary>
public sealed record PlayedSegment(int Index, int Height, long Bytes, double ThroughputBps);
