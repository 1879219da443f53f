namespace Parley.Bench.Idle;

/// <summary>Server memory without and with the idle connections (bytes).</summary>
/// <param name="HalfRss">RSS with half the connections open: (Rss - HalfRss) is the cost of the second half alone.</param>
/// <param name="BaselineHeap">Managed heap after a forced full GC, before connecting (null when the server cannot be asked to collect).</param>
internal sealed record IdleMeasurement(
    string System,
    int Connections,
    int Live,
    long BaselineRss,
    long HalfRss,
    long Rss,
    long? BaselineRssAfterGc,
    long? RssAfterGc,
    long? BaselineHeap,
    long? Heap,
    TimeSpan OpenTime)
{
    public double KilobytesPerConnection => (Rss - BaselineRss) / 1024.0 / Connections;

    public double MarginalKilobytesPerConnection => (Rss - HalfRss) / 1024.0 / (Connections - (Connections / 2));

    public double? KilobytesPerConnectionAfterGc => RssAfterGc - BaselineRssAfterGc is { } delta ? delta / 1024.0 / Connections : null;

    public double? HeapKilobytesPerConnection => Heap - BaselineHeap is { } delta ? delta / 1024.0 / Connections : null;
}
