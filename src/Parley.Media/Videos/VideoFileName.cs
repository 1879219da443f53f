using System.Globalization;
using System.Text.RegularExpressions;

namespace Parley.Media.Videos;

/// <summary>
/// How files in the videos folder map to videos: NAME_&lt;height&gt;.mp4 is one rendition of NAME;
/// any other NAME.mp4 is a lone source from which the server makes the renditions.
/// </summary>
internal static partial class VideoFileName
{
    /// <summary>False when the file is not an .mp4 or its NAME is not valid (see <see cref="VideoNames.IsValid"/>).</summary>
    public static bool TryParse(string fileName, out string name, out int? height)
    {
        name = "";
        height = null;
        if (!fileName.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var stem = fileName[..^4];
        var match = RenditionPattern().Match(stem);
        if (match.Success
            && int.TryParse(match.Groups["height"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            && parsed > 0)
        {
            name = match.Groups["name"].Value;
            height = parsed;
        }
        else
        {
            name = stem;
        }

        return VideoNames.IsValid(name);
    }

    [GeneratedRegex("^(?<name>.+)_(?<height>[0-9]{1,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex RenditionPattern();
}
