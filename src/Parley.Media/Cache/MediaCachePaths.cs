using System.Globalization;

namespace Parley.Media.Cache;

/// <summary>Where the library keeps packaged renditions: &lt;root&gt;/&lt;NAME&gt;/&lt;height&gt;/.</summary>
internal sealed class MediaCachePaths(string root)
{
    public string Root { get; } = root;

    public string VideoDirectory(string name) => Path.Combine(Root, name);

    public string RenditionDirectory(string name, int height) =>
        Path.Combine(Root, name, height.ToString(CultureInfo.InvariantCulture));

    /// <summary>Whether <paramref name="directoryName"/> is what <see cref="RenditionDirectory"/> names a height.</summary>
    public static bool TryParseHeight(string directoryName, out int height) =>
        int.TryParse(directoryName, NumberStyles.None, CultureInfo.InvariantCulture, out height)
        && height > 0
        && height.ToString(CultureInfo.InvariantCulture) == directoryName;
}
