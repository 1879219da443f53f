using System.Globalization;
using Parley.Bench.Measurement;

namespace Parley.Bench.Video;

/// <summary>
/// <c>video-http</c>: Parley's HLS endpoint against nginx serving the very same packaged files, driven by
/// the same wrk command, rounds interleaved; a second nginx with sendfile off shows what zero-copy alone is worth. Parley's URL carries a token obtained over a real logged-in
/// Parley connection (RequestVideoUrl), as a player would use it.
/// </summary>
internal static class VideoHttpScenario
{
    private const string Nginx = "nginx";
    private const string NginxCopying = "nginx sendfile off";

    public static async Task<int> RunAsync(VideoHttpSettings settings, CancellationToken ct)
    {
        var lifetime = TimeSpan.FromSeconds(600 + (settings.Rounds * 6 * (settings.Seconds + 5)));
        await using var parley = await VideoServer.StartAsync(settings.VideoSeconds, lifetime, ct);
        var directory = parley.RenditionDirectory(1080);
        var segment = Path.GetFileName(Directory.GetFiles(directory, "seg_*.ts").Order(StringComparer.Ordinal).Skip(1).First());

        Uri master;
        parley.ShareIdentity("bench-http");
        await using (var client = await parley.ConnectAsync("bench-http", ct))
        {
            master = (await client.RequestVideoUrlAsync(BenchVideo.Name, ct)).Url;
        }

        await using var nginx = await NginxProcess.StartAsync(directory, sendfile: true, lifetime, ct);
        await using var nginxCopying = await NginxProcess.StartAsync(directory, sendfile: false, lifetime, ct);
        var servers = new List<(string Name, int Pid, Func<string, Uri> Url)>
        {
            ("parley", parley.Process.Pid, file => new Uri(master, $"1080/{file}")),
            (Nginx, nginx.MasterPid, file => new Uri(NginxBase(nginx), file)),
            (NginxCopying, nginxCopying.MasterPid, file => new Uri(NginxBase(nginxCopying), file)),
        };
        var files = new List<(string Label, string File, long Bytes)>
        {
            ($"1080p segment {segment}", segment, new FileInfo(Path.Combine(directory, segment)).Length),
        };
        if (settings.Playlist)
        {
            files.Add(("1080p media playlist", "index.m3u8", new FileInfo(Path.Combine(directory, "index.m3u8")).Length));
        }

        Console.WriteLine();
        Console.WriteLine($"{NginxProcess.Version()}, {Wrk.Version()}; wrk -t{settings.Threads} -c{settings.Connections} -d{settings.Seconds}s --latency; nginx worker_processes 1, access_log off, sendfile on (\"{Nginx}\") and off (\"{NginxCopying}\")");
        Console.WriteLine($"Parley URL: {new Uri(master, $"1080/{segment}").AbsolutePath.Replace(master.Segments[2], "<token>/", StringComparison.Ordinal)}; nginx root: the same {directory}");
        Console.WriteLine($"started {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {ProcessStats.LoadAverage()}");

        // Warm-up: Parley's JIT and both servers' page cache.
        foreach (var file in files)
        {
            foreach (var server in servers)
            {
                await Wrk.RunAsync(server.Url(file.File), settings.Threads, settings.Connections, 3, ct);
            }
        }

        var rounds = new Table("round", "file", "server", "bytes", "req/s", "MB/s", "p50 ms", "p99 ms", "server CPU %", "server CPU µs/req", "machine busy %", "errors");
        var results = new List<(string File, string Server, WrkResult Result, double CpuPercent, double CpuPerRequest)>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var file in files)
            {
                foreach (var (server, pid, urlOf) in servers)
                {
                    var url = urlOf(file.File);
                    var cpuBefore = ProcessTree.CpuTime(pid);
                    var machineBefore = ProcessStats.MachineBusyTime();
                    var started = DateTime.UtcNow;
                    var result = await Wrk.RunAsync(url, settings.Threads, settings.Connections, settings.Seconds, ct);
                    var elapsed = (DateTime.UtcNow - started).TotalSeconds;
                    var cpu = (ProcessTree.CpuTime(pid) - cpuBefore).TotalSeconds;
                    var machine = (ProcessStats.MachineBusyTime() - machineBefore).TotalSeconds;
                    var cpuPercent = 100 * cpu / elapsed;
                    var perRequest = 1e6 * cpu / (result.RequestsPerSecond * elapsed);
                    results.Add((file.Label, server, result, cpuPercent, perRequest));
                    rounds.Add(
                        round.ToString(CultureInfo.InvariantCulture), file.Label, server, file.Bytes.ToString("N0", CultureInfo.InvariantCulture),
                        result.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                        (result.BytesPerSecond / 1e6).ToString("N1", CultureInfo.InvariantCulture),
                        result.P50Ms.ToString("0.00", CultureInfo.InvariantCulture),
                        result.P99Ms.ToString("0.00", CultureInfo.InvariantCulture),
                        cpuPercent.ToString("0", CultureInfo.InvariantCulture),
                        perRequest.ToString("0.0", CultureInfo.InvariantCulture),
                        (100 * machine / (elapsed * Environment.ProcessorCount)).ToString("0", CultureInfo.InvariantCulture),
                        result.Errors.ToString(CultureInfo.InvariantCulture));
                    Console.Error.WriteLine($"round {round} {file.Label} {server}: {result.RequestsPerSecond:N0} req/s");
                }
            }
        }

        var summary = new Table("median of rounds", "server", "req/s", "MB/s", "p50 ms", "p99 ms", "server CPU %", "server CPU µs/req", "req/s ÷ nginx", "÷ nginx, rounds (min–max)");
        foreach (var file in files)
        {
            var nginxRuns = results.Where(r => r.File == file.Label && r.Server == Nginx).ToList();
            var nginxRate = Median(nginxRuns.Select(r => r.Result.RequestsPerSecond));
            foreach (var (server, _, _) in servers)
            {
                var mine = results.Where(r => r.File == file.Label && r.Server == server).ToList();

                // Each round's ratio against that round's nginx: the spread shows how much the machine drifted.
                var roundRatios = mine.Zip(nginxRuns, (m, n) => m.Result.RequestsPerSecond / n.Result.RequestsPerSecond).ToList();
                summary.Add(
                    file.Label, server,
                    Median(mine.Select(r => r.Result.RequestsPerSecond)).ToString("N0", CultureInfo.InvariantCulture),
                    (Median(mine.Select(r => r.Result.BytesPerSecond)) / 1e6).ToString("N1", CultureInfo.InvariantCulture),
                    Median(mine.Select(r => r.Result.P50Ms)).ToString("0.00", CultureInfo.InvariantCulture),
                    Median(mine.Select(r => r.Result.P99Ms)).ToString("0.00", CultureInfo.InvariantCulture),
                    Median(mine.Select(r => r.CpuPercent)).ToString("0", CultureInfo.InvariantCulture),
                    Median(mine.Select(r => r.CpuPerRequest)).ToString("0.0", CultureInfo.InvariantCulture),
                    (Median(mine.Select(r => r.Result.RequestsPerSecond)) / nginxRate).ToString("0.00", CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{roundRatios.Min():0.00}–{roundRatios.Max():0.00}"));
            }
        }

        Console.WriteLine();
        Console.WriteLine(summary);
        Console.WriteLine(rounds);
        Console.WriteLine($"ended {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        return 0;
    }

    private static Uri NginxBase(NginxProcess nginx) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{nginx.Port}/"));

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

internal sealed record VideoHttpSettings(int VideoSeconds, int Rounds, int Seconds, int Threads, int Connections, bool Playlist);
