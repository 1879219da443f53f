using System.Diagnostics;
using System.Globalization;
using Parley.Bench.Measurement;
using Parley.Bench.Processes;
using Parley.Client;

namespace Parley.Bench.Video;

/// <summary>
/// <c>video-viewers</c>: N concurrent viewers of the 1080p rendition over the Parley protocol (the client
/// library's segment reader, one logged-in connection each), each paced at real time like a player
/// with a buffer target: playback starts when segment 0 has arrived; segment k is requested no earlier
/// than its play time minus the buffer target and is due at its play time. A segment arriving after
/// its play time is a stall. N ramps up and stops after the first step with a stall. With a baseline
/// build, every round ramps each build on a fresh server of its own, in reversed order every other round.
/// </summary>
internal static class VideoViewersScenario
{
    public static async Task<int> RunAsync(VideoViewersSettings settings, IReadOnlyList<ServerBuild> builds, int rounds, CancellationToken ct)
    {
        var table = new Table("server", "round", "viewers", "stalled viewers", "late segments", "worst lateness ms", "first segment p50 ms", "MB/s", "server CPU %", "server CPU % per viewer", "server CPU ms/MB", "bench CPU %", "bench CPU ms/MB", "others' CPU %");
        var largestClean = builds.ToDictionary(build => build, _ => new List<int>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var build in round % 2 == 1 ? builds : builds.Reverse())
            {
                Console.WriteLine();
                Console.WriteLine($"round {round}: {build.Name}{(build.BenchAssembly is { } assembly ? $" ({assembly})" : string.Empty)}");
                largestClean[build].Add(await RampAsync(settings, build, round, table, ct));
            }
        }

        Console.WriteLine();
        Console.WriteLine(table);
        foreach (var (build, clean) in largestClean)
        {
            Console.WriteLine($"{build.Name}: largest N without a stall: {string.Join(", ", clean)} (of the steps {string.Join(", ", settings.Steps.Order())})");
        }

        Console.WriteLine($"ended {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        return 0;
    }

    /// <summary>One ramp on a fresh server of <paramref name="build"/>; returns the largest step without a stall.</summary>
    private static async Task<int> RampAsync(VideoViewersSettings settings, ServerBuild build, int round, Table table, CancellationToken ct)
    {
        var lifetime = TimeSpan.FromSeconds(600 + (settings.Steps.Count * (settings.VideoSeconds + 60)));
        await using var server = await VideoServer.StartAsync(settings.VideoSeconds, lifetime, ct, build, settings.Insecure);

        IReadOnlyList<VideoSegment> segments;
        server.ShareIdentity("bench-viewers");
        await using (var probe = await server.ConnectAsync("bench-viewers", ct))
        {
            segments = (await probe.DescribeVideoAsync(BenchVideo.Name, ct)).Renditions.Single(r => r.Height == 1080).Segments;
        }

        var videoBytes = segments.Sum(s => s.Bytes);
        var videoSeconds = segments.Sum(s => s.DurationSeconds);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"1080p rendition: {segments.Count} segments, {videoSeconds:0.#} s, {videoBytes * 8 / videoSeconds / 1e6:0.00} Mbit/s; buffer target {settings.BufferTarget.TotalSeconds:0.#} s; viewers start spread over {settings.Stagger.TotalSeconds:0.#} s; {(settings.Insecure ? "plain TCP (--insecure)" : "TLS")}"));
        Console.WriteLine($"started {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {ProcessStats.LoadAverage()}");

        var clients = new List<ParleyClient>();
        var largestClean = 0;
        try
        {
            foreach (var viewers in settings.Steps.Order())
            {
                await ConnectUpToAsync(server, clients, viewers, ct);
                var serverHeap = await server.Process.HeapAsync(ct);
                var window = CpuWindow.Start(server.Process.Pid);
                var benchHeap = HeapReport.Now();
                var start = Stopwatch.GetTimestamp();
                var outcomes = await Task.WhenAll(clients.Take(viewers).Select((client, i) =>
                    WatchAsync(client, segments, settings, TimeSpan.FromTicks(settings.Stagger.Ticks * i / viewers), ct)));
                var cpu = window.Stop();
                var benchHeapAfter = HeapReport.Now();
                var serverHeapAfter = serverHeap is null ? null : await server.Process.HeapAsync(ct);
                var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
                var stalled = outcomes.Count(o => o.LateSegments > 0);
                var serverPercent = 100 * cpu.Server.TotalSeconds / cpu.Elapsed.TotalSeconds;
                var megabytes = outcomes.Sum(o => o.Bytes) / 1e6;
                table.Add(
                    build.Name,
                    round.ToString(CultureInfo.InvariantCulture),
                    viewers.ToString(CultureInfo.InvariantCulture),
                    stalled.ToString(CultureInfo.InvariantCulture),
                    outcomes.Sum(o => o.LateSegments).ToString(CultureInfo.InvariantCulture),
                    outcomes.Max(o => o.WorstLateness.TotalMilliseconds).ToString("0", CultureInfo.InvariantCulture),
                    VideoHttpScenario.Median(outcomes.Select(o => o.FirstSegment.TotalMilliseconds)).ToString("0", CultureInfo.InvariantCulture),
                    (megabytes / elapsed).ToString("0.0", CultureInfo.InvariantCulture),
                    serverPercent.ToString("0.0", CultureInfo.InvariantCulture),
                    (serverPercent / viewers).ToString("0.00", CultureInfo.InvariantCulture),
                    (1000 * cpu.Server.TotalSeconds / megabytes).ToString("0.00", CultureInfo.InvariantCulture),
                    (100 * cpu.Bench.TotalSeconds / cpu.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture),
                    (1000 * cpu.Bench.TotalSeconds / megabytes).ToString("0.00", CultureInfo.InvariantCulture),
                    cpu.OthersPercent.ToString("0", CultureInfo.InvariantCulture));
                Console.Error.WriteLine($"{build.Name}, {viewers} viewers: {stalled} stalled");
                Console.Error.WriteLine($"  server: {(serverHeap is { } before && serverHeapAfter is { } after ? after.Since(before, megabytes) : "no heap figures (a build without the serve heap command)")}");
                Console.Error.WriteLine($"  bench:  {benchHeapAfter.Since(benchHeap, megabytes)}");
                if (stalled > 0)
                {
                    break;
                }

                largestClean = viewers;
            }
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }

        return largestClean;
    }

    private static async Task ConnectUpToAsync(VideoServer server, List<ParleyClient> clients, int count, CancellationToken ct)
    {
        var names = Enumerable.Range(clients.Count, count - clients.Count).Select(i => $"viewer-{i}").ToList();
        foreach (var name in names)
        {
            server.ShareIdentity(name);
        }

        using var gate = new SemaphoreSlim(16);
        var connected = await Task.WhenAll(names.Select(async name =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return await server.ConnectAsync(name, ct);
            }
            finally
            {
                gate.Release();
            }
        }));
        clients.AddRange(connected);
    }

    private static async Task<ViewerOutcome> WatchAsync(ParleyClient client, IReadOnlyList<VideoSegment> segments, VideoViewersSettings settings, TimeSpan delay, CancellationToken ct)
    {
        await Task.Delay(delay, ct);
        var begin = Stopwatch.GetTimestamp();
        var bytes = await client.ReadSegmentAsync(BenchVideo.Name, 1080, 0, Stream.Null, ct);
        var playStart = Stopwatch.GetTimestamp();
        var firstSegment = Stopwatch.GetElapsedTime(begin, playStart);
        var late = 0;
        var worst = TimeSpan.Zero;
        for (var k = 1; k < segments.Count; k++)
        {
            var due = TimeSpan.FromSeconds(segments[k].StartSeconds - segments[0].StartSeconds);
            var wait = due - settings.BufferTarget - Stopwatch.GetElapsedTime(playStart);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            bytes += await client.ReadSegmentAsync(BenchVideo.Name, 1080, k, Stream.Null, ct);
            var lateness = Stopwatch.GetElapsedTime(playStart) - due;
            if (lateness > TimeSpan.Zero)
            {
                late++;
                worst = lateness > worst ? lateness : worst;
            }
        }

        return new ViewerOutcome(bytes, late, worst, firstSegment);
    }

    private readonly record struct ViewerOutcome(long Bytes, int LateSegments, TimeSpan WorstLateness, TimeSpan FirstSegment);
}

internal sealed record VideoViewersSettings(int VideoSeconds, IReadOnlyList<int> Steps, TimeSpan BufferTarget, TimeSpan Stagger, bool Insecure);
