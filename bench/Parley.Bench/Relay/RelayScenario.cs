using System.Globalization;
using Parley.Bench.Measurement;
using Parley.Bench.Processes;

namespace Parley.Bench.Relay;

/// <summary>
/// <c>relay</c>: messages per second and latency through the Parley server and through nats-server,
/// same workload, same run, rounds interleaved so that a disturbance hits both; then the ratio.
/// </summary>
internal static class RelayScenario
{
    public static async Task<int> RunAsync(RelaySettings settings, int rounds, bool serverGc, bool natsSameBytes, CancellationToken ct)
    {
        var natsVersion = NatsServerProcess.Version();
        var lifetime = (settings.WarmUp + settings.Duration + TimeSpan.FromSeconds(30)) * rounds * 3 + TimeSpan.FromMinutes(2);
        Console.WriteLine(
            $"relay: {settings.Pairs} pairs, {settings.PayloadBytes}-byte payloads, window {settings.Window}, " +
            $"warm-up {settings.WarmUp.TotalSeconds:0} s, measured {settings.Duration.TotalSeconds:0} s, {rounds} round(s); " +
            $"{Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()}; {natsVersion}; " +
            $"Parley server GC: {(serverGc ? "server" : "workstation")}");

        Console.WriteLine($"generating {settings.Pairs * 2} RSA-3072 identities...");
        using var identities = PairIdentities.Generate(settings.Pairs);
        await using var parley = await ParleyServerProcess.StartAsync(serverGc, lifetime, ct);
        await using var nats = await NatsServerProcess.StartAsync(lifetime, ct);

        var parleyRelay = new ParleyRelay(parley.Endpoint, parley.Pid, settings, identities);
        var natsRelay = new NatsRelay(nats.Url, nats.Pid, settings);
        var results = new List<(int Round, RelayMeasurement Measurement)>();
        for (var round = 1; round <= rounds; round++)
        {
            var measured = await parleyRelay.RunAsync(round, ct);
            Report(round, measured, results);
            Report(round, await natsRelay.RunAsync("nats", settings.PayloadBytes, ct), results);
            if (natsSameBytes)
            {
                Report(round, await natsRelay.RunAsync("nats (sealed size)", measured.BytesPerMessage, ct), results);
            }
        }

        Console.WriteLine();
        Console.WriteLine(Rounds(results));
        Console.WriteLine(Summary(results));
        return 0;
    }

    private static void Report(int round, RelayMeasurement m, List<(int, RelayMeasurement)> results)
    {
        results.Add((round, m));
        Console.WriteLine(
            $"  round {round} {m.System}: {m.MessagesPerSecond:N0} msg/s, p50 {m.Latency.Percentile(50):N0} µs, " +
            $"p99 {m.Latency.Percentile(99):N0} µs, others' CPU {m.Cpu.OthersPercent:0}%" +
            (m.Problems.Length > 0 ? $" PROBLEM: {m.Problems}" : string.Empty));
    }

    private static string Rounds(List<(int Round, RelayMeasurement M)> results)
    {
        var table = new Table(
            "round", "system", "bytes/msg", "msgs/s", "MB/s", "p50 µs", "p99 µs",
            "server CPU µs/msg", "bench CPU µs/msg", "others' CPU %", "problems");
        foreach (var (round, m) in results)
        {
            table.Add(
                round.ToString(CultureInfo.InvariantCulture),
                m.System,
                m.BytesPerMessage.ToString(CultureInfo.InvariantCulture),
                m.MessagesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                m.MegabytesPerSecond.ToString("N1", CultureInfo.InvariantCulture),
                m.Latency.Percentile(50).ToString("N0", CultureInfo.InvariantCulture),
                m.Latency.Percentile(99).ToString("N0", CultureInfo.InvariantCulture),
                m.ServerCpuMicrosPerMessage.ToString("N2", CultureInfo.InvariantCulture),
                m.BenchCpuMicrosPerMessage.ToString("N2", CultureInfo.InvariantCulture),
                m.Cpu.OthersPercent.ToString("N0", CultureInfo.InvariantCulture),
                m.Problems.Length == 0 ? "none" : m.Problems);
        }

        return table.ToString();
    }

    private static string Summary(List<(int Round, RelayMeasurement M)> results)
    {
        var bySystem = results.GroupBy(r => r.M.System).ToDictionary(g => g.Key, g => g.Select(r => r.M).ToList());
        var parleyRate = Median(bySystem["parley"].Select(m => m.MessagesPerSecond));
        var table = new Table("system (median of rounds)", "bytes/msg", "msgs/s", "MB/s", "p50 µs", "p99 µs", "server CPU µs/msg", "parley/system msgs/s");
        foreach (var (system, measurements) in bySystem)
        {
            var rate = Median(measurements.Select(m => m.MessagesPerSecond));
            table.Add(
                system,
                measurements[0].BytesPerMessage.ToString(CultureInfo.InvariantCulture),
                rate.ToString("N0", CultureInfo.InvariantCulture),
                Median(measurements.Select(m => m.MegabytesPerSecond)).ToString("N1", CultureInfo.InvariantCulture),
                Median(measurements.Select(m => m.Latency.Percentile(50))).ToString("N0", CultureInfo.InvariantCulture),
                Median(measurements.Select(m => m.Latency.Percentile(99))).ToString("N0", CultureInfo.InvariantCulture),
                Median(measurements.Select(m => m.ServerCpuMicrosPerMessage)).ToString("N2", CultureInfo.InvariantCulture),
                (parleyRate / rate).ToString("N2", CultureInfo.InvariantCulture));
        }

        return table.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
