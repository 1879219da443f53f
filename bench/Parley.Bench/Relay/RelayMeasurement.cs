using Parley.Bench.Measurement;

namespace Parley.Bench.Relay;

/// <summary>What one system did during one measurement window.</summary>
/// <param name="BytesPerMessage">What the server relayed per message, as the application sees it (payload or sealed message).</param>
/// <param name="Messages">Deliveries counted inside the window, all pairs together.</param>
/// <param name="Problems">Refused sends, drops or reordering; empty when the run was clean.</param>
internal sealed record RelayMeasurement(
    string Load,
    string System,
    int BytesPerMessage,
    long Messages,
    LatencyHistogram Latency,
    CpuUse Cpu,
    string Problems)
{
    public double MessagesPerSecond => Messages / Cpu.Elapsed.TotalSeconds;

    public double MegabytesPerSecond => MessagesPerSecond * BytesPerMessage / 1e6;

    public double ServerCpuMicrosPerMessage => Cpu.Server.TotalMicroseconds / Math.Max(1, Messages);

    public double BenchCpuMicrosPerMessage => Cpu.Bench.TotalMicroseconds / Math.Max(1, Messages);
}
