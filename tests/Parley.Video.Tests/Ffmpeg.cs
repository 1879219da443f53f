using System.Diagnostics;

namespace Parley.Video.Tests;

/// <summary>Runs the real ffmpeg to make test media.</summary>
internal static class Ffmpeg
{
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-hide_banner", "-nostdin", "-y", "-v", "error", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed: {error}");
        }
    }

    /// <summary>Output options for one H.264+AAC rendition with a keyframe every 2 s, cheap to encode.</summary>
    public static string[] Rendition(int height, string path) =>
    [
        "-map", "0:v", "-map", "1:a", "-vf", $"scale=-2:{height}", "-c:v", "libx264", "-preset", "ultrafast",
        "-b:v", "300k", "-force_key_frames", "expr:gte(t,n_forced*2)", "-sc_threshold", "0",
        "-c:a", "aac", "-b:a", "48k", "-shortest", path,
    ];
}
