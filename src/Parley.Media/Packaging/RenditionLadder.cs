namespace Parley.Media.Packaging;

/// <summary>The renditions the server makes from a lone NAME.mp4, and how each is encoded.</summary>
internal static class RenditionLadder
{
    public static readonly IReadOnlyList<int> Heights = [240, 720, 1080];

    /// <summary>Every ladder height not above the source; a source smaller than the lowest rung keeps its own height.</summary>
    public static IReadOnlyList<int> For(int sourceHeight)
    {
        var rungs = Heights.Where(height => height <= sourceHeight).ToList();
        return rungs.Count > 0 ? rungs : [Math.Max(2, sourceHeight / 2 * 2)];
    }

    /// <summary>Whether <see cref="For"/> makes <paramref name="height"/> from some source height.</summary>
    public static bool IsRung(int height) => Heights.Contains(height) || (height < Heights[0] && height % 2 == 0);

    /// <summary>Peak video bitrate for a rung, bits per second; roughly proportional to pixel count.</summary>
    public static int MaxVideoBitrate(int height) => height switch
    {
        <= 240 => 400_000,
        <= 360 => 800_000,
        <= 480 => 1_200_000,
        <= 720 => 2_800_000,
        <= 1080 => 5_000_000,
        _ => 10_000_000,
    };

    public static int AudioBitrate(int height) => height <= 240 ? 64_000 : 128_000;

    /// <summary>ffmpeg output options that encode one rung: H.264 with a keyframe every 2 s so renditions align.</summary>
    public static IEnumerable<string> EncodeArguments(int height, bool hasAudio)
    {
        var maxRate = MaxVideoBitrate(height);
        string[] video =
        [
            "-map", "0:v:0",
            "-vf", $"scale=-2:{height},format=yuv420p",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
            "-maxrate", maxRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-bufsize", (maxRate * 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-force_key_frames", "expr:gte(t,n_forced*2)", "-sc_threshold", "0",
        ];
        string[] audio = hasAudio
            ? ["-map", "0:a:0", "-c:a", "aac", "-b:a", AudioBitrate(height).ToString(System.Globalization.CultureInfo.InvariantCulture), "-ac", "2"]
            : [];
        return video.Concat(audio);
    }
}
