using Parley.Bench.Measurement;

namespace Parley.Bench.Logins;

/// <summary>What one server did during one measurement window.</summary>
/// <param name="Logins">Whole logins (connect to the server's close after goodbye) that ended inside the window.</param>
/// <param name="Problems">Refused or failed logins; empty when the run was clean.</param>
internal sealed record LoginsMeasurement(string System, long Logins, LatencyHistogram Latency, CpuUse Cpu, string Problems)
{
    public double LoginsPerSecond => Logins / Cpu.Elapsed.TotalSeconds;

    public double ServerCpuMicrosPerLogin => Cpu.Server.TotalMicroseconds / Math.Max(1, Logins);

    public double BenchCpuMicrosPerLogin => Cpu.Bench.TotalMicroseconds / Math.Max(1, Logins);

    /// <summary>Server CPU as a percentage of one core.</summary>
    public double ServerCpuPercent => 100 * Cpu.Server.TotalSeconds / Cpu.Elapsed.TotalSeconds;

    /// <summary>Bench (all clients) CPU as a percentage of one core.</summary>
    public double BenchCpuPercent => 100 * Cpu.Bench.TotalSeconds / Cpu.Elapsed.TotalSeconds;
}
