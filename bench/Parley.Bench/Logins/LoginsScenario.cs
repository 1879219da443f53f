using System.Globalization;
using Parley.Bench.Measurement;
using Parley.Bench.Processes;
using Parley.Crypto;

namespace Parley.Bench.Logins;

/// <summary>
/// <c>logins</c>: whole logins per second (new connection, hello, RSA-PSS login checked by the
/// server, goodbye) and the server's CPU per login, for every Parley server given (this build, a
/// baseline build, variants), rounds interleaved so that a disturbance hits all of them.
/// </summary>
internal static class LoginsScenario
{
    public static async Task<int> RunAsync(LoginsSettings settings, int rounds, IReadOnlyList<ParleySystem> systems, CancellationToken ct)
    {
        var lifetime = ((settings.WarmUp + settings.Duration + TimeSpan.FromSeconds(30)) * rounds * systems.Count) + TimeSpan.FromMinutes(2);
        Console.WriteLine(
            $"logins: {settings.Concurrency} clients logging in over and over from 127.0.0.1..127.0.0.{settings.SourceAddresses}, presence off, " +
            $"warm-up {settings.WarmUp.TotalSeconds:0} s, measured {settings.Duration.TotalSeconds:0} s, {rounds} round(s); " +
            $"{Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()}; " +
            $"Parley servers: {string.Join("; ", systems.Select(s => s.Description))}");

        Console.WriteLine("generating an RSA-3072 identity...");
        using var identity = Identity.Generate();
        var servers = new List<(string System, ParleyServerProcess Server)>();
        await using var stopServers = new Relay.ParleyServers(servers);
        foreach (var system in systems)
        {
            servers.Add((system.Name, await ParleyServerProcess.StartAsync(system.Variant, lifetime, ct, build: system.Build)));
        }

        var results = new List<(int Round, LoginsMeasurement Measurement)>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (system, server) in ParleySystem.InRoundOrder(servers, round))
            {
                var m = await MeasureAsync(system, server, identity, settings, ct);
                results.Add((round, m));
                Console.WriteLine(
                    $"  round {round}, {system}: {m.LoginsPerSecond:N0} logins/s, server {m.ServerCpuMicrosPerLogin:N0} µs CPU/login, " +
                    $"bench {m.BenchCpuMicrosPerLogin:N0} µs CPU/login, others' CPU {m.Cpu.OthersPercent:0}%" +
                    (m.Problems.Length > 0 ? $" PROBLEM: {m.Problems}" : string.Empty));
            }
        }

        Console.WriteLine();
        Console.WriteLine(Rounds(results));
        Console.WriteLine(Summary(results, systems[0].Name));
        return 0;
    }

    private static async Task<LoginsMeasurement> MeasureAsync(
        string system, ParleyServerProcess server, Identity identity, LoginsSettings settings, CancellationToken ct)
    {
        var counters = new LoginCounters();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = Enumerable.Range(0, settings.Concurrency)
            .Select(i => new LoginLoop(server.Endpoint, server.Insecure, Wire.LoopbackSocket.SourceAddress(i, settings.SourceAddresses), $"bench-login-{i}", identity))
            .ToArray();
        var running = loops.Select(loop => Task.Run(() => loop.RunAsync(counters, settings.MaxLoginsPerRun, stop.Token), CancellationToken.None)).ToArray();

        await Task.Delay(settings.WarmUp, ct);
        var cpu = CpuWindow.Start(server.Pid);
        counters.Measuring = true;
        await Task.Delay(settings.Duration, ct);
        counters.Measuring = false;
        var use = cpu.Stop();

        await stop.CancelAsync();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(30), ct);
        var latency = new LatencyHistogram();
        foreach (var loop in loops)
        {
            latency.Add(loop.Latency);
        }

        return new LoginsMeasurement(system, counters.Logins, latency, use, counters.Problems());
    }

    private static string Rounds(List<(int Round, LoginsMeasurement M)> results)
    {
        var table = new Table(
            "round", "system", "logins/s", "login p50 ms", "login p99 ms", "server CPU µs/login", "bench CPU µs/login",
            "server CPU %", "bench CPU %", "others' CPU %", "problems");
        foreach (var (round, m) in results)
        {
            table.Add(
                round.ToString(CultureInfo.InvariantCulture),
                m.System,
                m.LoginsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                Millis(m.Latency.Percentile(50)),
                Millis(m.Latency.Percentile(99)),
                m.ServerCpuMicrosPerLogin.ToString("N0", CultureInfo.InvariantCulture),
                m.BenchCpuMicrosPerLogin.ToString("N0", CultureInfo.InvariantCulture),
                m.ServerCpuPercent.ToString("N0", CultureInfo.InvariantCulture),
                m.BenchCpuPercent.ToString("N0", CultureInfo.InvariantCulture),
                m.Cpu.OthersPercent.ToString("N0", CultureInfo.InvariantCulture),
                m.Problems.Length == 0 ? "none" : m.Problems);
        }

        return table.ToString();
    }

    private static string Summary(List<(int Round, LoginsMeasurement M)> results, string first)
    {
        var bySystem = results.GroupBy(r => r.M.System).ToDictionary(g => g.Key, g => g.Select(r => r.M).ToList());
        var firstRate = Spread.Median(bySystem[first].Select(m => m.LoginsPerSecond));
        var firstCpu = Spread.Median(bySystem[first].Select(m => m.ServerCpuMicrosPerLogin));
        var table = new Table(
            "median of rounds", "logins/s", "logins/s min–max", "server CPU µs/login", "server CPU µs/login min–max",
            "bench CPU µs/login", "login p50 ms", $"{first} logins/s ÷ this", $"{first} server CPU ÷ this");
        foreach (var (system, measurements) in bySystem.OrderBy(pair => pair.Key != first))
        {
            var rate = Spread.Median(measurements.Select(m => m.LoginsPerSecond));
            var cpu = Spread.Median(measurements.Select(m => m.ServerCpuMicrosPerLogin));
            table.Add(
                system,
                rate.ToString("N0", CultureInfo.InvariantCulture),
                Spread.Range(measurements.Select(m => m.LoginsPerSecond), "N0"),
                cpu.ToString("N0", CultureInfo.InvariantCulture),
                Spread.Range(measurements.Select(m => m.ServerCpuMicrosPerLogin), "N0"),
                Spread.Median(measurements.Select(m => m.BenchCpuMicrosPerLogin)).ToString("N0", CultureInfo.InvariantCulture),
                Millis(Spread.Median(measurements.Select(m => m.Latency.Percentile(50)))),
                (firstRate / rate).ToString("N2", CultureInfo.InvariantCulture),
                (firstCpu / cpu).ToString("N2", CultureInfo.InvariantCulture));
        }

        return table.ToString();
    }

    private static string Millis(double micros) => (micros / 1000).ToString("N2", CultureInfo.InvariantCulture);
}
