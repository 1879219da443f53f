using System.Diagnostics;
using System.Globalization;
using Parley.Bench.Measurement;

namespace Parley.Bench.Video;

/// <summary>
/// <c>video-first-segment</c>: what <c>parley play NAME --quality 240</c> does before the first picture,
/// in-process and on a fresh connection every run: load the identity from disk, connect, log in (RSA-PSS
/// signature), DescribeVideo, then fetch segment 0 of the 240p rendition to its last byte.
/// </summary>
internal static class FirstSegmentScenario
{
    public static async Task<int> RunAsync(int videoSeconds, int runs, int height, CancellationToken ct)
    {
        await using var server = await VideoServer.StartAsync(videoSeconds, TimeSpan.FromSeconds(600 + (runs * 10)), ct);
        Console.WriteLine();
        Console.WriteLine($"started {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {ProcessStats.LoadAverage()}; {runs} runs after 3 warm-up runs");

        var login = new List<double>();
        var describe = new List<double>();
        var total = new List<double>();
        long segmentBytes = 0;
        for (var run = -3; run < runs; run++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"first-{run + 3}");
            server.ShareIdentity(name);
            var start = Stopwatch.GetTimestamp();
            await using var client = await server.ConnectAsync(name, ct);
            var loggedIn = Stopwatch.GetTimestamp();
            var details = await client.DescribeVideoAsync(BenchVideo.Name, ct);
            var described = Stopwatch.GetTimestamp();
            segmentBytes = await client.ReadSegmentAsync(details.Video.Name, height, 0, Stream.Null, ct);
            var end = Stopwatch.GetTimestamp();
            if (run >= 0)
            {
                login.Add(Stopwatch.GetElapsedTime(start, loggedIn).TotalMilliseconds);
                describe.Add(Stopwatch.GetElapsedTime(loggedIn, described).TotalMilliseconds);
                total.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
            }
        }

        var table = new Table("step", "median ms", "p90 ms", "max ms");
        foreach (var (label, values) in new[] { ("connect + login", login), ("DescribeVideo", describe), ($"to last byte of {height}p segment 0 ({segmentBytes:N0} bytes), total", total) })
        {
            var sorted = values.Order().ToList();
            table.Add(
                label,
                VideoHttpScenario.Median(sorted).ToString("0.0", CultureInfo.InvariantCulture),
                sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.9 * sorted.Count) - 1)].ToString("0.0", CultureInfo.InvariantCulture),
                sorted[^1].ToString("0.0", CultureInfo.InvariantCulture));
        }

        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine($"ended {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        return 0;
    }
}
