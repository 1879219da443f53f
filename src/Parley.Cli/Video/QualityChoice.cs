using System.Globalization;
using Parley.Client;

namespace Parley.Cli.Video;

/// <summary>The value of `play --quality`: auto, thirds, or a height such as 720 (or 720p).</summary>
internal static class QualityChoice
{
    public const string Help = "auto (adapt to throughput), thirds (low, middle, high), or a height such as 720";

    public static bool TryParse(string? text, out PlaybackQuality quality, out int? height)
    {
        quality = PlaybackQuality.Auto;
        height = null;
        var value = (text ?? "auto").Trim().ToLowerInvariant();
        switch (value)
        {
            case "auto":
                return true;
            case "thirds":
                quality = PlaybackQuality.Thirds;
                return true;
        }

        if (int.TryParse(value.TrimEnd('p'), NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h > 0)
        {
            quality = PlaybackQuality.Fixed;
            height = h;
            return true;
        }

        return false;
    }
}
