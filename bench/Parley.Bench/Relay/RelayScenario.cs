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
    /// <param name="systems">One Parley server per entry (builds and variants), each measured in every round.</param>
    /// <param name="withNats">Measure nats-server too (not needed to compare two Parley builds).</param>
    /// <param name="natsTls">nats-server serves TLS (a self-signed certificate its clients trust), as Parley does by default.</param>
    public static async Task<int> RunAsync(
        RelaySettings settings, double latencyRate, int rounds, IReadOnlyList<ParleySystem> systems, bool withNats, bool natsSameBytes, bool natsTls, CancellationToken ct)
    {
        var loads = new List<RelaySettings> { settings };
        if (latencyRate > 0)
        {
            loads.Add(settings with { RatePerPair = latencyRate / settings.Pairs });
        }

        natsSameBytes &= withNats;
        var natsVersion = withNats ? $"{NatsServerProcess.Version()} over {(natsTls ? "TLS" : "plain TCP")}" : "nats-server not measured";
        var lifetime = ((settings.WarmUp + settings.Duration + TimeSpan.FromSeconds(30)) * rounds * (systems.Count + 2) * loads.Count) + TimeSpan.FromMinutes(2);
        Console.WriteLine(
            $"relay: {settings.Pairs} pairs, {settings.PayloadBytes}-byte payloads, window {settings.Window}, " +
            $"warm-up {settings.WarmUp.TotalSeconds:0} s, measured {settings.Duration.TotalSeconds:0} s, {rounds} round(s), " +
            $"loads: {string.Join(" and ", loads.Select(l => l.Load))}; " +
            $"{Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()}; {natsVersion}; " +
            $"Parley servers: {string.Join("; ", systems.Select(s => s.Description))}");

        Console.WriteLine($"generating {settings.Pairs * 2} RSA-3072 identities...");
        using var identities = PairIdentities.Generate(settings.Pairs);
        var parleys = new List<(string System, ParleyServerProcess Server)>();
        await using var stopParleys = new ParleyServers(parleys);
        foreach (var system in systems)
        {
            parleys.Add((system.Name, await ParleyServerProcess.StartAsync(system.Variant, lifetime, ct, build: system.Build)));
        }

        await using var nats = withNats ? await NatsServerProcess.StartAsync(lifetime, ct, natsTls) : null;

        var results = new List<(int Round, RelayMeasurement Measurement)>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var load in loads)
            {
                RelayMeasurement? measured = null;
                foreach (var (system, parley) in ParleySystem.InRoundOrder(parleys, round))
                {
                    measured = await new ParleyRelay(system, parley.Endpoint, parley.Pid, parley.Insecure, load, identities).RunAsync(round, ct);
                    Report(round, measured, results);
                }

                if (nats is null)
                {
                    continue;
                }

                var natsRelay = new NatsRelay(nats.Url, nats.Pid, load, nats.CertificatePath);
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
        var first = results.Where(r => r.Round == 1).Select(r => r.M.System).FirstOrDefault(s => s.StartsWith("parley", StringComparison.Ordinal))
            ?? bySystem.First().Key;
        var parleyRate = Spread.Median(bySystem[first].Select(m => m.MessagesPerSecond));
        var table = new Table(
            $"{load}: median of rounds", "bytes/msg", "msgs/s", "msgs/s min–max", "MB/s", "p50 µs", "p99 µs",
            "server CPU µs/msg", "server CPU µs/msg min–max", $"{first} msgs/s ÷ this");
        foreach (var (system, measurements) in bySystem.OrderBy(pair => pair.Key != first))
        {
            var rate = Spread.Median(measurements.Select(m => m.MessagesPerSecond));
            table.Add(
                system,
                measurements[0].BytesPerMessage.ToString(CultureInfo.InvariantCulture),
                rate.ToString("N0", CultureInfo.InvariantCulture),
                Spread.Range(measurements.Select(m => m.MessagesPerSecond), "N0"),
                Spread.Median(measurements.Select(m => m.MegabytesPerSecond)).ToString("N1", CultureInfo.InvariantCulture),
                Spread.Median(measurements.Select(m => m.Latency.Percentile(50))).ToString("N0", CultureInfo.InvariantCulture),
                Spread.Median(measurements.Select(m => m.Latency.Percentile(99))).ToString("N0", CultureInfo.InvariantCulture),
                Spread.Median(measurements.Select(m => m.ServerCpuMicrosPerMessage)).ToString("N2", CultureInfo.InvariantCulture),
                Spread.Range(measurements.Select(m => m.ServerCpuMicrosPerMessage), "N2"),
                (parleyRate / rate).ToString("N2", CultureInfo.InvariantCulture));
        }

        return table.ToString();
    }
}
