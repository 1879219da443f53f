using System.Diagnostics;
using System.Globalization;
using Parley.Bench.Measurement;
using Parley.Bench.Processes;
using Parley.Crypto;

namespace Parley.Bench.Idle;

/// <summary>
/// <c>idle</c>: the server's resident memory per idle logged-in connection, Parley and nats-server
/// measured the same way: RSS after a small warm-up (so one-time costs such as JIT and pools are in
/// the baseline), then with half and with all the connections open.
/// </summary>
internal static class IdleScenario
{
    private const int WarmUpConnections = 200;

    public static async Task<int> RunAsync(
        IdleSettings settings, IReadOnlyList<ParleySystem> systems, int rounds, bool withNats, bool natsTls, CancellationToken ct)
    {
        Console.WriteLine(
            $"idle: {settings.Connections:N0} connections from 127.0.0.1..127.0.0.{settings.SourceAddresses}, " +
            $"{settings.Concurrency} opening at once, settle {settings.Settle.TotalSeconds:0} s, {rounds} round(s); " +
            $"{Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()}");
        foreach (var system in systems)
        {
            Console.WriteLine($"  {system.Description}");
        }

        var lifetime = TimeSpan.FromMinutes(20);
        var results = new List<IdleMeasurement>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var system in ParleySystem.InRoundOrder(systems, round))
            {
                using var identity = Identity.Generate();
                await using var parley = await ParleyServerProcess.StartAsync(system.Variant, lifetime, ct, build: system.Build);
                results.Add(await MeasureAsync(
                    rounds == 1 ? system.Name : $"{system.Name} #{round}",
                    parley.Pid,
                    prefix => new ParleyIdleConnections(parley.Endpoint, parley.Insecure, identity, prefix, settings),
                    parley.CollectGarbageAsync,
                    settings,
                    ct));
            }
        }

        if (withNats)
        {
            Console.WriteLine($"{NatsServerProcess.Version()} over {(natsTls ? "TLS" : "plain TCP")}");
            await using var nats = await NatsServerProcess.StartAsync(lifetime, ct, natsTls);
            results.Add(await MeasureAsync(
                natsTls ? "nats (TLS)" : "nats (plain)", nats.Pid, _ => new NatsIdleConnections(nats.Url, nats.CertificatePath, settings), null, settings, ct));
        }

        Console.WriteLine();
        Console.WriteLine(Format(results));
        return 0;
    }

    private static async Task<IdleMeasurement> MeasureAsync(
        string system,
        int pid,
        Func<string, IIdleConnections> connect,
        Func<CancellationToken, Task<long>>? collectGarbage,
        IdleSettings settings,
        CancellationToken ct)
    {
        Console.WriteLine($"{system}: warm-up with {WarmUpConnections} connections");
        await using (var warmUp = connect("warm-"))
        {
            await warmUp.OpenAsync(Math.Min(WarmUpConnections, settings.Connections), ct);
        }

        await Task.Delay(settings.Settle, ct);
        var baselineRss = await SampleRssAsync(pid, ct);
        long? baselineHeap = collectGarbage is null ? null : await collectGarbage(ct);
        long? baselineRssAfterGc = collectGarbage is null ? null : await SampleRssAsync(pid, ct);
        Console.WriteLine($"{system}: baseline RSS {baselineRss / 1048576.0:N1} MB");

        await using var connections = connect("idle-");
        var opening = Stopwatch.StartNew();
        var half = settings.Connections / 2;
        await OpenWithProgressAsync(system, connections, half, settings, ct);
        var halfOpenTime = opening.Elapsed;
        await Task.Delay(settings.Settle, ct);
        var halfRss = await SampleRssAsync(pid, ct);
        Console.WriteLine($"{system}: RSS with {half:N0} connections {halfRss / 1048576.0:N1} MB");

        opening.Restart();
        await OpenWithProgressAsync(system, connections, settings.Connections - half, settings, ct);
        var openTime = halfOpenTime + opening.Elapsed;
        await Task.Delay(settings.Settle, ct);
        var rss = await SampleRssAsync(pid, ct);
        Console.WriteLine($"{system}: RSS with {settings.Connections:N0} connections {rss / 1048576.0:N1} MB");
        long? heap = collectGarbage is null ? null : await collectGarbage(ct);
        long? rssAfterGc = collectGarbage is null ? null : await SampleRssAsync(pid, ct);

        var live = await connections.CountLiveAsync(ct);
        Console.WriteLine($"{system}: {live:N0} of {connections.Count:N0} connections answered a ping");
        return new IdleMeasurement(
            system, settings.Connections, live, baselineRss, halfRss, rss, baselineRssAfterGc, rssAfterGc, baselineHeap, heap, openTime);
    }

    private static async Task OpenWithProgressAsync(string system, IIdleConnections connections, int count, IdleSettings settings, CancellationToken ct)
    {
        const int Step = 2500;
        for (var done = 0; done < count; done += Step)
        {
            var batch = Math.Min(Step, count - done);
            var started = Stopwatch.GetTimestamp();
            await connections.OpenAsync(batch, ct);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine($"{system}: {connections.Count:N0} connections open ({batch / seconds:N0}/s)");
        }
    }

    /// <summary>Median of three RSS readings a second apart.</summary>
    private static async Task<long> SampleRssAsync(int pid, CancellationToken ct)
    {
        var samples = new long[3];
        for (var i = 0; i < samples.Length; i++)
        {
            if (i > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }

            samples[i] = ProcessStats.RssBytes(pid);
        }

        Array.Sort(samples);
        return samples[1];
    }

    private static string Format(List<IdleMeasurement> results)
    {
        static string Mb(long bytes) => (bytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture);
        static string Kb(double? kb) => kb is { } value ? value.ToString("N2", CultureInfo.InvariantCulture) : "n/a";

        var table = new Table(
            "system", "connections", "answered ping", "RSS before MB", "RSS with all MB", "KB/conn",
            "KB/conn, 2nd half only", "KB/conn after full GC", "managed heap KB/conn", "open time s");
        foreach (var m in results)
        {
            table.Add(
                m.System,
                m.Connections.ToString("N0", CultureInfo.InvariantCulture),
                m.Live.ToString("N0", CultureInfo.InvariantCulture),
                Mb(m.BaselineRss),
                Mb(m.Rss),
                Kb(m.KilobytesPerConnection),
                Kb(m.MarginalKilobytesPerConnection),
                Kb(m.KilobytesPerConnectionAfterGc),
                Kb(m.HeapKilobytesPerConnection),
                m.OpenTime.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture));
        }

        return table.ToString();
    }
}
