using System.Globalization;

namespace Parley.Media.Probing;

/// <summary>
/// RFC 6381 codec strings for the HLS CODECS attribute, built from ffprobe's profile and level.
/// ffprobe does not report H.264 constraint flags, so the usual value for each profile is used.
/// </summary>
internal static class CodecStrings
{
    /// <summary>Video codecs that MPEG-TS HLS segments can carry as they are.</summary>
    public static bool CanPackageVideo(string codec) => codec is "h264" or "hevc";

    /// <summary>Audio codecs copied into segments as they are; anything else is re-encoded to AAC.</summary>
    public static bool CanCopyAudio(string codec) => codec is "aac" or "mp3" or "ac3" or "eac3";

    public static string For(string videoCodec, string? videoProfile, int? videoLevel, string? audioCodec, string? audioProfile)
    {
        var video = Video(videoCodec, videoProfile, videoLevel);
        var audio = audioCodec is null ? null : Audio(audioCodec, audioProfile);
        return audio is null ? video : video + "," + audio;
    }

    internal static string Video(string codec, string? profile, int? level)
    {
        if (codec == "hevc")
        {
            var (space, compatibility) = profile == "Main 10" ? (2, 4) : (1, 6);
            return string.Create(CultureInfo.InvariantCulture, $"hvc1.{space}.{compatibility}.L{level ?? 93}.B0");
        }

        if (codec != "h264")
        {
            return codec;
        }

        var profileAndConstraints = profile switch
        {
            "Baseline" or "Constrained Baseline" => "42E0",
            "Main" => "4D40",
            "Extended" => "58A0",
            "High 10" or "High 10 Intra" => "6E00",
            "High 4:2:2" or "High 4:2:2 Intra" => "7A00",
            "High 4:4:4 Predictive" or "High 4:4:4 Intra" => "F400",
            _ => "6400",
        };
        return string.Create(CultureInfo.InvariantCulture, $"avc1.{profileAndConstraints}{level ?? 31:X2}");
    }

    internal static string Audio(string codec, string? profile) => codec switch
    {
        "aac" => profile switch
        {
            "HE-AAC" => "mp4a.40.5",
            "HE-AACv2" => "mp4a.40.29",
            _ => "mp4a.40.2",
        },
        "mp3" => "mp4a.40.34",
        "ac3" => "ac-3",
        "eac3" => "ec-3",
        _ => codec,
    };
}
