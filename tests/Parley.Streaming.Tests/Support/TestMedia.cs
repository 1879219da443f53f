using System.Globalization;

namespace Parley.Streaming.Tests.Support;

/// <summary>
/// Makes the test videos with real ffmpeg: "demo" in three renditions whose bitrates differ
/// clearly, with a keyframe every 2 s so the renditions' segments line up, and a file that is not
/// a video at all.
/// </summary>
internal static class TestMedia
{
    public const string Video = "demo";
    public const string BrokenVideo = "broken";
    public const double DurationSeconds = 12;

    public static readonly IReadOnlyList<(int Height, int Width, int Kbps)> Renditions =
    [
        (240, 426, 200),
        (720, 1280, 1500),
        (1080, 1920, 3000),
    ];

    public static async Task WriteAsync(string videosDirectory)
    {
        Directory.CreateDirectory(videosDirectory);
        foreach (var (height, width, kbps) in Renditions)
        {
            var bitrate = kbps.ToString(CultureInfo.InvariantCulture) + "k";
            var result = await ProcessRunner.RunAsync(
                "ffmpeg",
                [
                    "-v", "error", "-y",
                    "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=30:duration={DurationSeconds}",
                    "-f", "lavfi", "-i", $"sine=frequency=440:duration={DurationSeconds}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-b:v", bitrate, "-maxrate", bitrate, "-bufsize", bitrate,
                    "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
                    "-c:a", "aac", "-b:a", "64k", "-shortest",
                    Path.Combine(videosDirectory, $"{Video}_{height}.mp4"),
                ]);
            Assert.True(result.ExitCode == 0, "ffmpeg could not make the test video: " + result);
        }

        await File.WriteAllTextAsync(Path.Combine(videosDirectory, $"{BrokenVideo}_240.mp4"), "this is not a video");
    }
}
