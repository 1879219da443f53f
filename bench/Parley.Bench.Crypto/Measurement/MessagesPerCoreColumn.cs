using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Parley.Bench.Crypto.Measurement;

/// <summary>
/// Messages per second per core, 1 / mean: BenchmarkDotNet runs one operation at a time on one thread, so
/// the reciprocal of the mean time per sealed+opened message is what one core does.
/// </summary>
internal sealed class MessagesPerCoreColumn : IColumn
{
    public string Id => nameof(MessagesPerCoreColumn);

    public string ColumnName => "msgs/s/core";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Sealed+opened messages per second on one core: 1 / Mean";

    public static double? PerSecond(BenchmarkReport? report) =>
        report?.ResultStatistics?.Mean is > 0 and var nanoseconds ? 1e9 / nanoseconds : null;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        PerSecond(summary[benchmarkCase]) is { } perSecond ? perSecond.ToString("N0", CultureInfo.InvariantCulture) : "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
