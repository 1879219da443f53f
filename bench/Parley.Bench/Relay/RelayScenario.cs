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
    /// <param name="latencyRate">Total messages/s offered in the fixed-rate latency runs; 0 skips them.</param>
    /// <param name="variants">One Parley server per entry, each measured in every round.</param>
    public static async Task<int> RunAsync(RelaySettings settings, double latencyRate, int rounds, IReadOnlyList<ParleyVariant> variants, bool natsSameBytes, CancellationToken ct)
    {
        var loads = new List<RelaySettings> { settings };
        if (latencyRate > 0)
        {
            loads.Add(settings with { RatePerPair = latencyRate / settings.Pairs });
        }

        var natsVersion = NatsServerProcess.Version();
        var lifetime = ((settings.WarmUp + settings.Duration + TimeSpan.FromSeconds(30)) * rounds * (variants.Count + 2) * loads.Count) + TimeSpan.FromMinutes(2);
        Console.WriteLine(
            $"relay: {settings.Pairs} pairs, {settings.PayloadBytes}-byte payloads, window {settings.Window}, " +
            $"warm-up {settings.WarmUp.TotalSeconds:0} s, measured {settings.Duration.TotalSeconds:0} s, {rounds} round(s), " +
            $"loads: {string.Join(" and ", loads.Select(l => l.Load))}; " +
            $"{Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()}; {natsVersion}; " +
            $"Parley server: {string.Join("; ", variants.Select(v => $"{v.Name} ({v.Description})"))}");

        Console.WriteLine($"generating {settings.Pairs * 2} RSA-3072 identities...");
        using var identities = PairIdentities.Generate(settings.Pairs);
        var parleys = new List<(string System, ParleyServerProcess Server)>();
        await using var stopParleys = new ParleyServers(parleys);
        foreach (var variant in variants)
        {
            var system = variant == ParleyVariant.Default ? "parley" : $"parley ({variant.Name})";
            parleys.Add((system, await ParleyServerProcess.StartAsync(variant, lifetime, ct)));
        }

        await using var nats = await NatsServerProcess.StartAsync(lifetime, ct);

        var results = new List<(int Round, RelayMeasurement Measurement)>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var load in loads)
            {
                RelayMeasurement? measured = null;
                foreach (var (system, parley) in parleys)
                {
                    measured = await new ParleyRelay(system, parley.Endpoint, parley.Pid, load, identities).RunAsync(round, ct);
                    Report(round, measured, results);
                }

                var natsRelay = new NatsRelay(nats.Url, nats.Pid, load);
                Report(round, await natsRelay.RunAsync("nats", load.PayloadBytes, ct), results);
                if (natsSameBytes)
                {
                    Report(round, await natsRelay.RunAsync("nats (sealed size)", measured!.BytesPerMessage, ct), results);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine(Rounds(results));
        foreach (var load in loads)
        {
            Console.WriteLine(Summary(load.Load, results.Where(r => r.Measurement.Load == load.Load).ToList()));
        }

        return 0;
    }

    private static void Report(int round, RelayMeasurement m, List<(int, RelayMeasurement)> results)
    {
        results.Add((round, m));
        Console.WriteLine(
            $"  round {round}, {m.Load}, {m.System}: {m.MessagesPerSecond:N0} msg/s, p50 {m.Latency.Percentile(50):N0} µs, " +
            $"p99 {m.Latency.Percentile(99):N0} µs, others' CPU {m.Cpu.OthersPercent:0}%" +
            (m.Problems.Length > 0 ? $" PROBLEM: {m.Problems}" : string.Empty));
    }

    private static string Rounds(List<(int Round, RelayMeasurement M)> results)
    {
        var table = new Table(
            "round", "load", "system", "bytes/msg", "msgs/s", "MB/s", "p50 µs", "p99 µs",
            "server CPU µs/msg", "bench CPU µs/msg", "others' CPU %", "problems");
        foreach (var (round, m) in results)
        {
            table.Add(
                round.ToString(CultureInfo.InvariantCulture),
                m.Load,
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

    private static string Summary(string load, List<(int Round, RelayMeasurement M)> results)
    {
        var bySystem = results.GroupBy(r => r.M.System).ToDictionary(g => g.Key, g => g.Select(r => r.M).ToList());
        var parleyRate = Median(bySystem.First().Value.Select(m => m.MessagesPerSecond));
        var table = new Table($"{load}: median of rounds", "bytes/msg", "msgs/s", "MB/s", "p50 µs", "p99 µs", "server CPU µs/msg", $"{bySystem.First().Key} msgs/s ÷ this");
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
