namespace Parley.Video.Tests;

/// <summary>
/// Test media made once per test run: "clip" as clip_240/720/1080.mp4, a lone 720p "solo.mp4", a
/// silent and an MPEG-4 Part 2 rendition; each 6 s of test pattern and tone with a keyframe every 2 s.
/// </summary>
public sealed class MediaFixture : IDisposable
{
    public const double Seconds = 6;
    public static readonly int[] ClipHeights = [240, 720, 1080];

    private readonly TempDir _directory = new();

    public MediaFixture()
    {
        string[] inputs =
        [
            "-f", "lavfi", "-i", $"testsrc2=size=1920x1080:rate=24:duration={Seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={Seconds}",
        ];
        string[] mute = ["-map", "0:v", "-vf", "scale=-2:240", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "200k", "-force_key_frames", "expr:gte(t,n_forced*2)", MuteFile];
        string[] mpeg4 = ["-map", "0:v", "-map", "1:a", "-vf", "scale=-2:240", "-c:v", "mpeg4", "-c:a", "aac", "-shortest", Mpeg4File];
        Ffmpeg.Run([.. inputs, .. ClipHeights.SelectMany(height => Ffmpeg.Rendition(height, ClipFile(height))), .. Ffmpeg.Rendition(720, SoloFile), .. mute, .. mpeg4]);
    }

    /// <summary>240p H.264 without an audio stream.</summary>
    public string MuteFile => _directory.Combine("mute_240.mp4");

    /// <summary>240p MPEG-4 Part 2 video, which HLS MPEG-TS segments cannot carry.</summary>
    public string Mpeg4File => _directory.Combine("old_240.mp4");

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
