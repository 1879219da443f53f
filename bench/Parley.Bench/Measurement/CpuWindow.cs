using System.Diagnostics;

namespace Parley.Bench.Measurement;

/// <summary>
/// CPU used during one measurement window by the server under test, by this bench process, and by
/// everything else on the machine (other work competing for the same cores disturbs the figures).
/// </summary>
internal sealed class CpuWindow
{
    private readonly int _serverPid;
    private readonly TimeSpan _serverStart;
    private readonly TimeSpan _benchStart;
    private readonly TimeSpan _machineStart;
    private readonly long _startTimestamp;

    private CpuWindow(int serverPid)
    {
        _serverPid = serverPid;
        _startTimestamp = Stopwatch.GetTimestamp();
        _serverStart = ProcessStats.CpuTime(serverPid);
        _benchStart = ProcessStats.CpuTime(Environment.ProcessId);
        _machineStart = ProcessStats.MachineBusyTime();
    }

    public static CpuWindow Start(int serverPid) => new(serverPid);

    public CpuUse Stop()
    {
        var elapsed = Stopwatch.GetElapsedTime(_startTimestamp);
        var server = ProcessStats.CpuTime(_serverPid) - _serverStart;
        var bench = ProcessStats.CpuTime(Environment.ProcessId) - _benchStart;
        var machine = ProcessStats.MachineBusyTime() - _machineStart;
        var others = machine - server - bench;
        return new CpuUse(elapsed, server, bench, others < TimeSpan.Zero ? TimeSpan.Zero : others);
    }
}

/// <param name="Others">Busy time of every other process on the machine during the window.</param>
internal readonly record struct CpuUse(TimeSpan Elapsed, TimeSpan Server, TimeSpan Bench, TimeSpan Others)
{
    /// <summary>Others' CPU as a percentage of all cores' time during the window.</summary>
    public double OthersPercent => 100 * Others.TotalSeconds / (Elapsed.TotalSeconds * Environment.ProcessorCount);
}
