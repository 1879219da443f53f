using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Parley.Bench.Video;

/// <summary>One wrk run (Debian package <c>wrk</c>) against one URL, with its figures parsed from <c>--latency</c> output.</summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri url, int threads, int connections, int seconds, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", "10s", "--latency", url.ToString(),
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start wrk (apt-get install -y wrk)");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(TimeSpan.FromSeconds(seconds + 30));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        var text = await output;
        if (process.ExitCode != 0 || RequestsPerSecond().Match(text) is not { Success: true } rps)
        {
            throw new InvalidOperationException($"wrk failed: {text} {await errors}");
        }

        var non2xx = Non2xx().Match(text);
        var socketErrors = SocketErrors().Match(text);
        return new WrkResult(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            Bytes(TransferPerSecond().Match(text)),
            Latency(text, "50%"),
            Latency(text, "99%"),
            (non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0)
                + (socketErrors.Success ? socketErrors.Groups[1].Value.Split(',').Sum(part => long.Parse(part.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], CultureInfo.InvariantCulture)) : 0));
    }

    public static string Version()
    {
        var startInfo = new ProcessStartInfo("wrk", "-v") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(startInfo)!;
        var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return text.Split('\n')[0].Trim();
    }

    private static double Latency(string text, string percentile)
    {
        var match = Regex.Match(text, $@"^\s*{Regex.Escape(percentile)}\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    private static double Bytes(Match match)
    {
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "KB" => value * 1024, "MB" => value * 1024 * 1024, "GB" => value * 1024 * 1024 * 1024, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Transfer/sec:\s+([0-9.]+)(B|KB|MB|GB)")]
    private static partial Regex TransferPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+([0-9]+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors:\s+(.+)")]
    private static partial Regex SocketErrors();
}

/// <param name="BytesPerSecond">wrk's Transfer/sec (response bytes, headers included).</param>
/// <param name="Errors">Non-2xx responses plus socket errors (connect, read, write, timeout).</param>
internal readonly record struct WrkResult(double RequestsPerSecond, double BytesPerSecond, double P50Ms, double P99Ms, long Errors);
