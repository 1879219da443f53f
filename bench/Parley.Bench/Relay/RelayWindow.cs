using Parley.Bench.Measurement;

namespace Parley.Bench.Relay;

/// <summary>
/// Runs the warm-up, then the measurement window, over pairs that are already sending: the shared
/// timing of every system's run, so that all are measured the same way.
/// </summary>
internal static class RelayWindow
{
    public static async Task<RelayMeasurement> MeasureAsync(
        string system,
        int bytesPerMessage,
        IReadOnlyList<PairFlow> flows,
        int serverPid,
        RelaySettings settings,
        Func<string> problems,
        CancellationToken ct)
    {
        await Task.Delay(settings.WarmUp, ct);
        foreach (var flow in flows)
        {
            flow.Latency.Clear();
        }

        var deliveredBefore = flows.Sum(f => f.Delivered);
        var cpu = CpuWindow.Start(serverPid);
        PairFlow.Measuring = true;
        await Task.Delay(settings.Duration, ct);
        PairFlow.Measuring = false;
        var use = cpu.Stop();
        var delivered = flows.Sum(f => f.Delivered) - deliveredBefore;

        // A receiving loop may be finishing a batch it started recording just before the window closed.
        await Task.Delay(50, ct);
        var latency = new LatencyHistogram();
        foreach (var flow in flows)
        {
            latency.Add(flow.Latency);
        }

        return new RelayMeasurement(settings.Load, system, bytesPerMessage, delivered, latency, use, problems());
    }

    /// <summary>Waits (bounded) until every message sent has been delivered, so connections close on a quiet path.</summary>
    public static async Task DrainAsync(IReadOnlyList<PairFlow> flows, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!flows.All(f => f.AllFinished) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, ct);
        }
    }
}
