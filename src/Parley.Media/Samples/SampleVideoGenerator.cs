using System.Globalization;
using Parley.Media.Tools;

namespace Parley.Media.Samples;

/// <summary>
/// Writes a short test-pattern video with a tone (sample_240/720/1080.mp4, keyframes every 2 s)
/// into the videos folder, so a fresh server has something to play.
/// </summary>
internal static class SampleVideoGenerator
{
    public const string Name = "sample";

    public static readonly IReadOnlyList<int> Heights = [240, 720, 1080];

    /// <summary>Encodes in <paramref name="stagingDirectory"/> and then moves the finished files into <paramref name="videosDirectory"/>.</summary>
    /// <exception cref="ToolFailedException">ffmpeg failed.</exception>
    public static async Task<IReadOnlyList<string>> GenerateAsync(
        string ffmpeg, string videosDirectory, string stagingDirectory, TimeSpan duration, Action<int> progress, CancellationToken ct)
    {
        var seconds = duration.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        var staging = Path.Combine(stagingDirectory, $".staging-sample-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var arguments = new List<string>
            {
                "-hide_banner", "-nostdin", "-y", "-v", "error", "-progress", "pipe:1", "-nostats",
                "-f", "lavfi", "-i", $"testsrc2=size=1920x1080:rate=24:duration={seconds}",
                "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={seconds}",
            };
            foreach (var height in Heights)
            {
                arguments.AddRange(
                [
                    "-map", "0:v", "-map", "1:a",
                    "-vf", $"scale=-2:{height},format=yuv420p",
                    "-c:v", "libx264", "-preset", "veryfast", "-crf", "26",
                    "-force_key_frames", "expr:gte(t,n_forced*2)", "-sc_threshold", "0",
                    "-c:a", "aac", "-b:a", "96000", "-movflags", "+faststart", "-shortest",
                    Path.Combine(staging, FileName(height)),
                ]);
            }

            var result = await ToolRunner.RunAsync("ffmpeg", ffmpeg, arguments, workingDirectory: null, line =>
            {
                if (FfmpegProgress.Percent(line, duration) is { } percent)
                {
                    progress(percent);
                }
            }, ct);
            if (result.ExitCode != 0)
            {
                throw new ToolFailedException("ffmpeg failed: " + ToolRunner.ErrorSummary(result, "ffmpeg", null));
            }

            var written = new List<string>();
            foreach (var height in Heights)
            {
                var target = Path.Combine(videosDirectory, FileName(height));
                File.Move(Path.Combine(staging, FileName(height)), target, overwrite: false);
                written.Add(target);
            }

            return written;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static string FileName(int height) => $"{Name}_{height}.mp4";
}
