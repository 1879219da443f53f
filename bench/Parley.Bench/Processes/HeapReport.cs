using System.Globalization;

namespace Parley.Bench.Processes;

/// <summary>
/// A process's managed allocations and garbage collections since it started, as the <c>serve</c> child reports them
/// on its stdout (<c>HEAP allocated gen0 gen1 gen2 paused-ms</c>); two reports give what happened between them.
/// </summary>
internal readonly record struct HeapReport(long AllocatedBytes, int Gen0, int Gen1, int Gen2, double PausedMs)
{
    private const string Prefix = "HEAP ";

    public static HeapReport Now() => new(
        GC.GetTotalAllocatedBytes(precise: false),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalPauseDuration().TotalMilliseconds);

    public string ToLine() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{AllocatedBytes} {Gen0} {Gen1} {Gen2} {PausedMs:0.###}");

    public static bool TryParse(string line, out HeapReport report)
    {
        report = default;
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = line[Prefix.Length..].Split(' ');
        if (parts.Length != 5
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var allocated)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gen0)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gen1)
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gen2)
            || !double.TryParse(parts[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var paused))
        {
            return false;
        }

        report = new HeapReport(allocated, gen0, gen1, gen2, paused);
        return true;
    }

    /// <summary>What happened from <paramref name="start"/> to this report, per MB of <paramref name="megabytesMoved"/>.</summary>
    public string Since(HeapReport start, double megabytesMoved)
    {
        var allocated = (AllocatedBytes - start.AllocatedBytes) / 1e6;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"allocated {allocated:0} MB ({allocated / Math.Max(megabytesMoved, 1e-9):0.000} MB per MB), GCs gen0/1/2 {Gen0 - start.Gen0}/{Gen1 - start.Gen1}/{Gen2 - start.Gen2}, paused {PausedMs - start.PausedMs:0} ms");
    }
}
