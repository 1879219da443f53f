using System.Globalization;
using Parley.Client;

namespace Parley.Cli.Video;

/// <summary>How video facts read on a terminal: states, bitrates, durations.</summary>
internal static class VideoWords
{
    public static string State(VideoAvailability state) => state switch
    {
        VideoAvailability.Ready => "ready",
        VideoAvailability.Preparing => "preparing",
        _ => "unavailable",
    };

    /// <summary>"ready", "preparing 40%", "unavailable: why".</summary>
    public static string StateLine(VideoAvailability state, string detail, int percent) => state switch
    {
        VideoAvailability.Ready => "ready",
        VideoAvailability.Preparing => string.Create(CultureInfo.InvariantCulture, $"preparing {percent}%"),
        _ => string.IsNullOrWhiteSpace(detail) ? "unavailable" : "unavailable: " + detail,
    };

    public static string Bitrate(double bitsPerSecond) => bitsPerSecond switch
    {
        <= 0 => "?",
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1_000_000:0.0} Mb/s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1000:0} kb/s"),
    };

    public static string Duration(double seconds)
    {
        var time = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return time.TotalHours >= 1
            ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }
}
