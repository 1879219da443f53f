using System.Globalization;

namespace Parley.Streaming.Tests.Support;

/// <summary>ffprobe decoding every video frame of a file or URL.</summary>
internal static class FrameProbe
{
    /// <summary>Width and height of every decoded video frame, in order; fails on any decoding error.</summary>
    public static async Task<IReadOnlyList<(int Width, int Height)>> FrameSizesAsync(string input)
    {
        var result = await ProcessRunner.RunAsync(
            "ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=width,height", "-of", "csv=p=0", input]);
        Assert.True(result.ExitCode == 0 && result.StderrText.Trim().Length == 0, "ffprobe could not decode " + input + ": " + result);
        return result.StdoutText
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(','))
            .Select(parts => (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture)))
            .ToList();
    }

    public const int FramesPerSecond = 30;

    public static int ExpectedFrames(double seconds) => (int)Math.Round(seconds * FramesPerSecond);
}
