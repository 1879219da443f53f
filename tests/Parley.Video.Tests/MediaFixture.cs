namespace Parley.Video.Tests;

/// <summary>
/// Test media made once per test run: "clip" as clip_240/720/1080.mp4 and a lone 720p "solo.mp4",
/// each 6 s of test pattern and tone with a keyframe every 2 s.
/// </summary>
public sealed class MediaFixture : IDisposable
{
    public const double Seconds = 6;
    public static readonly int[] ClipHeights = [240, 720, 1080];

    private readonly TempDirectory _directory = new();

    public MediaFixture()
    {
        string[] inputs =
        [
            "-f", "lavfi", "-i", $"testsrc2=size=1920x1080:rate=24:duration={Seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={Seconds}",
        ];
        Ffmpeg.Run([.. inputs, .. ClipHeights.SelectMany(height => Ffmpeg.Rendition(height, ClipFile(height))), .. Ffmpeg.Rendition(720, SoloFile)]);
    }

    public string SoloFile => _directory.Combine("solo.mp4");

    public string ClipFile(int height) => _directory.Combine($"clip_{height}.mp4");

    /// <summary>Copies the clip renditions into <paramref name="folder"/> as NAME_&lt;height&gt;.mp4.</summary>
    public void CopyClip(string folder, string name = "clip")
    {
        foreach (var height in ClipHeights)
        {
            File.Copy(ClipFile(height), Path.Combine(folder, $"{name}_{height}.mp4"));
        }
    }

    public void Dispose() => _directory.Dispose();
}
