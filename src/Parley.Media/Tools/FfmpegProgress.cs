using System.Globalization;

namespace Parley.Media.Tools;

/// <summary>Turns ffmpeg's "-progress pipe:1" key=value lines into a percentage of the input's duration.</summary>
internal static class FfmpegProgress
{
    public static readonly string[] Arguments = ["-progress", "pipe:1", "-nostats"];

    /// <summary>0..100 when the line reports progress, otherwise null. 100 only at "progress=end".</summary>
    public static int? Percent(string line, TimeSpan duration)
    {
        if (line == "progress=end")
        {
            return 100;
        }

        var separator = line.IndexOf('=', StringComparison.Ordinal);
        if (separator < 0 || duration <= TimeSpan.Zero)
        {
            return null;
        }

        var key = line[..separator];
        // out_time_ms is in microseconds too (a historical ffmpeg quirk).
        if (key is not ("out_time_us" or "out_time_ms")
            || !long.TryParse(line[(separator + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var microseconds))
        {
            return null;
        }

        var fraction = microseconds / (duration.TotalMilliseconds * 1000);
        return (int)Math.Clamp(Math.Floor(fraction * 100), 0, 99);
    }
}
