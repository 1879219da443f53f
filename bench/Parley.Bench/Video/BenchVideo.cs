using System.Diagnostics;
using System.Globalization;

namespace Parley.Bench.Video;

/// <summary>
/// The video the video scenarios serve: NAME_240/720/1080.mp4 (test pattern with noise, so the encoder
/// spends its bitrate; keyframes every 2 s; AAC tone), made with ffmpeg once into a cache directory
/// under the system temp dir and reused by later runs. Never part of the repository.
/// </summary>
internal static class BenchVideo
{
    public const string Name = "bench";

    public static readonly IReadOnlyList<(int Height, string Bitrate)> Renditions =
        [(240, "400k"), (720, "2500k"), (1080, "5000k")];

    /// <summary>The cache directory holding the three files, generating them if they are not there yet.</summary>
    public static async Task<string> EnsureAsync(int seconds, CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"parley-bench-video-{seconds}s-v1");
        if (Renditions.All(r => File.Exists(Path.Combine(directory, FileName(r.Height)))))
        {
            return directory;
        }

        var staging = Directory.CreateTempSubdirectory("parley-bench-video-staging-").FullName;
        try
        {
            var start = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true };
            var duration = seconds.ToString(CultureInfo.InvariantCulture);
            string[] input =
            [
                "-hide_banner", "-nostdin", "-y", "-v", "error",
                "-f", "lavfi", "-i", $"testsrc2=size=1920x1080:rate=24:duration={duration},noise=alls=12:allf=t",
                "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={duration}",
            ];
            foreach (var argument in input)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (height, bitrate) in Renditions)
            {
                foreach (var argument in new[]
                {
                    "-map", "0:v", "-map", "1:a",
                    "-vf", $"scale=-2:{height},setsar=1,format=yuv420p",
                    "-c:v", "libx264", "-preset", "veryfast", "-b:v", bitrate, "-maxrate", bitrate, "-bufsize", bitrate,
                    "-force_key_frames", "expr:gte(t,n_forced*2)", "-sc_threshold", "0",
                    "-c:a", "aac", "-b:a", "96k", "-shortest",
                    Path.Combine(staging, FileName(height)),
                })
                {
                    start.ArgumentList.Add(argument);
                }
            }

            await Console.Error.WriteLineAsync($"generating a {seconds} s 3-rendition video with ffmpeg into {directory} (once)...");
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ffmpeg (apt-get install -y ffmpeg)");
            var errors = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("ffmpeg failed: " + await errors);
            }

            Directory.CreateDirectory(directory);
            foreach (var (height, _) in Renditions)
            {
                File.Move(Path.Combine(staging, FileName(height)), Path.Combine(directory, FileName(height)), overwrite: true);
            }

            return directory;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Copies the cached files into a server data directory's videos folder.</summary>
    public static void CopyInto(string cache, string dataDirectory)
    {
        var videos = Path.Combine(dataDirectory, "videos");
        Directory.CreateDirectory(videos);
        foreach (var (height, _) in Renditions)
        {
            File.Copy(Path.Combine(cache, FileName(height)), Path.Combine(videos, FileName(height)));
        }
    }

    private static string FileName(int height) => string.Create(CultureInfo.InvariantCulture, $"{Name}_{height}.mp4");
}
