using System.Globalization;
using Parley.Bench.Measurement;
using Parley.Bench.Processes;
using Parley.Bench.Relay;

namespace Parley.Bench.Stalled;

/// <summary>
/// <c>stalled-reader</c>: the relay rate of N pairs beside one more pair offering a fixed load, once with that pair's
/// receiver reading and once with it never reading, on the same server, rounds interleaved; the ratio is what the
/// stalled reader costs everybody else (target: at least 0.90).
/// </summary>
internal static class StalledReaderScenario
{
    public static async Task<int> RunAsync(
        RelaySettings settings, int stalledPayloadBytes, double stalledRate, int rounds, IReadOnlyList<ParleySystem> systems, CancellationToken ct)
    {
        var lifetime = ((settings.WarmUp + settings.Duration + TimeSpan.FromSeconds(40)) * rounds * systems.Count * 2) + TimeSpan.FromMinutes(2);
        Console.WriteLine(
            $"stalled-reader: {settings.Pairs} measured pairs, {settings.PayloadBytes}-byte payloads, window {settings.Window}, " +
            $"warm-up {settings.WarmUp.TotalSeconds:0} s, measured {settings.Duration.TotalSeconds:0} s, {rounds} round(s); " +
            $"one more pair offers {stalledRate:N0} msg/s of {stalledPayloadBytes:N0} bytes, its receiver reading or not; " +
            $"{Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()}; " +
            $"Parley servers: {string.Join("; ", systems.Select(s => s.Description))}");
        Console.WriteLine($"generating {(settings.Pairs + 1) * 2} RSA-3072 identities...");
        using var identities = PairIdentities.Generate(settings.Pairs + 1);
        var servers = new List<(string System, ParleyServerProcess Server)>();
        await using var stopServers = new ParleyServers(servers);
        foreach (var system in systems)
        {
            servers.Add((system.Name, await ParleyServerProcess.StartAsync(system.Variant, lifetime, ct, build: system.Build)));
        }

        var results = new List<Result>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (system, server) in ParleySystem.InRoundOrder(servers, round))
            {
                bool[] order = round % 2 == 1 ? [false, true] : [true, false];
                var rates = new Dictionary<bool, (RelayMeasurement Measurement, StalledPair Pair)>();
                foreach (var stalled in order)
                {
                    await using var pair = new StalledPair(
                        server.Endpoint, identities.Senders[settings.Pairs], identities.Receivers[settings.Pairs], stalled, stalledPayloadBytes, stalledRate);
                    await pair.StartAsync(ct);
                    var label = stalled ? "with a stalled reader" : "all reading";
                    var measured = await new ParleyRelay(system, server.Endpoint, server.Pid, server.Insecure, settings, identities).RunAsync(round, ct);
                    rates[stalled] = (measured, pair);
                    Console.WriteLine(
                        $"  round {round}, {system}, {label}: {measured.MessagesPerSecond:N0} msg/s, p99 {measured.Latency.Percentile(99):N0} µs; " +
                        $"extra pair: {pair.Accepted:N0} accepted, {pair.Busy:N0} refused busy, {pair.Cuts} cut(s) as slow consumer; " +
                        $"server RSS {ProcessStats.RssBytes(server.Pid) / (1024 * 1024):N0} MiB, others' CPU {measured.Cpu.OthersPercent:0}%" +
                        (measured.Problems.Length > 0 ? $" PROBLEM: {measured.Problems}" : string.Empty));
                }

                results.Add(new Result(round, system, rates[false].Measurement, rates[true].Measurement, rates[true].Pair.Busy, rates[true].Pair.Cuts));
            }
        }

        Console.WriteLine();
        Console.WriteLine(Table(results));
        return 0;
    }

    private static string Table(List<Result> results)
    {
        var table = new Table(
            "round", "system", "all reading msgs/s", "with a stalled reader msgs/s", "ratio", "p99 µs all reading", "p99 µs stalled",
            "sends refused busy", "cuts (SLOW_CONSUMER)", "others' CPU %");
        foreach (var r in results)
        {
            table.Add(
                r.Round.ToString(CultureInfo.InvariantCulture),
                r.System,
                r.Reading.MessagesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                r.Stalled.MessagesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                r.Ratio.ToString("N2", CultureInfo.InvariantCulture),
                r.Reading.Latency.Percentile(99).ToString("N0", CultureInfo.InvariantCulture),
                r.Stalled.Latency.Percentile(99).ToString("N0", CultureInfo.InvariantCulture),
                r.Busy.ToString("N0", CultureInfo.InvariantCulture),
                r.Cuts.ToString(CultureInfo.InvariantCulture),
                $"{r.Reading.Cpu.OthersPercent:N0} / {r.Stalled.Cpu.OthersPercent:N0}");
        }

        foreach (var system in results.Select(r => r.System).Distinct())
        {
            var mine = results.Where(r => r.System == system).ToList();
            table.Add(
                "median",
                system,
                Spread.Median(mine.Select(r => r.Reading.MessagesPerSecond)).ToString("N0", CultureInfo.InvariantCulture),
                Spread.Median(mine.Select(r => r.Stalled.MessagesPerSecond)).ToString("N0", CultureInfo.InvariantCulture),
                Spread.Median(mine.Select(r => r.Ratio)).ToString("N2", CultureInfo.InvariantCulture),
                Spread.Median(mine.Select(r => (double)r.Reading.Latency.Percentile(99))).ToString("N0", CultureInfo.InvariantCulture),
                Spread.Median(mine.Select(r => (double)r.Stalled.Latency.Percentile(99))).ToString("N0", CultureInfo.InvariantCulture),
                string.Empty,
                string.Empty,
                string.Empty);
        }

        return table.ToString();
    }

    private sealed record Result(int Round, string System, RelayMeasurement Reading, RelayMeasurement Stalled, long Busy, int Cuts)
    {
        public double Ratio => Stalled.MessagesPerSecond / Reading.MessagesPerSecond;
    }
}
