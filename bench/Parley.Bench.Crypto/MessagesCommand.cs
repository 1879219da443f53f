using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Parley.Bench.Crypto.Measurement;
using Parley.Bench.Measurement;

namespace Parley.Bench.Crypto;

/// <summary>
/// <c>messages</c>: runs <see cref="SessionMessageBenchmarks"/> under BenchmarkDotNet in this process (no child
/// project is generated or built, so it works offline and starts at once), then prints messages/s per core
/// against issue 13's target. Other arguments go to BenchmarkDotNet (e.g. <c>--filter *Sqlite*</c>, or
/// <c>--filter *Primitive*</c> for <see cref="PrimitiveBenchmarks"/>).
/// </summary>
internal static class MessagesCommand
{
    public const double TargetPerCore = 50_000;

    public static int Run(string[] benchmarkDotNetArgs)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithId("in-process");
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(new MessagesPerCoreColumn())
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "parley-bench-crypto"));
        string[] args = benchmarkDotNetArgs.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a == "-f")
            ? benchmarkDotNetArgs
            : [.. benchmarkDotNetArgs, "--filter", $"*{nameof(SessionMessageBenchmarks)}*"];
        var summaries = BenchmarkSwitcher.FromTypes([typeof(SessionMessageBenchmarks), typeof(PrimitiveBenchmarks)]).Run(args, config).ToList();
        foreach (var summary in summaries.Where(s => s.BenchmarksCases.Any(c => c.Descriptor.Type == typeof(SessionMessageBenchmarks))))
        {
            Console.WriteLine();
            Console.WriteLine(Table(summary));
        }

        return summaries.Count > 0 && summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;
    }

    private static string Table(Summary summary)
    {
        var table = new Table("sealed+opened 256-byte message", "mean µs", "± µs (99.9%)", "msgs/s/core", "range", "allocated B", "× format 1", "target");
        var format1 = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(SessionMessageBenchmarks.Format1RsaHybrid));
        var format1Mean = format1?.ResultStatistics?.Mean;
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var description = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
            var statistics = report.ResultStatistics;
            if (statistics is null)
            {
                table.Add(description, "failed", "", "", "", "", "", "");
                continue;
            }

            var mean = statistics.Mean;
            var margin = statistics.ConfidenceInterval.Margin;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var target = name switch
            {
                nameof(SessionMessageBenchmarks.Format1RsaHybrid) => "the peer",
                nameof(SessionMessageBenchmarks.RatchetOnly) => "(part of a)",
                nameof(SessionMessageBenchmarks.SteadyChainSqliteWithoutSync) => "(not durable)",
                nameof(SessionMessageBenchmarks.DhRatchetEveryMessage) => "(each message a DH step)",
                nameof(SessionMessageBenchmarks.SteadyChainSqlite) => "(bound by fsync)",
                _ => 1e9 / mean >= TargetPerCore ? "≥ 50,000: met" : "≥ 50,000: not met",
            };
            table.Add(
                description,
                Number(mean / 1e3, "N1"),
                Number(margin / 1e3, "N1"),
                Number(1e9 / mean, "N0"),
                $"{Number(1e9 / (mean + margin), "N0")}–{(mean > margin ? Number(1e9 / (mean - margin), "N0") : "∞")}",
                allocated is { } bytes ? Number(bytes, "N0") : "-",
                format1Mean is { } f ? Number(f / mean, f / mean < 10 ? "N2" : "N0") : "-",
                target);
        }

        return table.ToString();
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
