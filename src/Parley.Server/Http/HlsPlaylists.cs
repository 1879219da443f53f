using System.Globalization;
using System.Text;
using Parley.Media.Videos;

namespace Parley.Server.Http;

/// <summary>The HLS playlists (RFC 8216) for a video, with URIs relative to the playlist so the token path carries over.</summary>
internal static class HlsPlaylists
{
    public const string MediaPlaylistName = "index.m3u8";

    /// <summary>One #EXT-X-STREAM-INF per ready rendition, lowest first.</summary>
    public static string Master(IReadOnlyList<PackagedRendition> renditions)
    {
        var text = new StringBuilder();
        text.Append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var rendition in renditions)
        {
            var info = rendition.Info;
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={PeakBitrate(rendition)}");
            if (info.BitrateBps > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $",AVERAGE-BANDWIDTH={info.BitrateBps}");
            }

            text.Append(CultureInfo.InvariantCulture, $",RESOLUTION={info.Width}x{info.Height}");
            if (!string.IsNullOrEmpty(info.Codecs))
            {
                text.Append(CultureInfo.InvariantCulture, $",CODECS=\"{info.Codecs}\"");
            }

            if (info.FrameRate > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $",FRAME-RATE={info.FrameRate:0.000}");
            }

            text.Append(CultureInfo.InvariantCulture, $"\n{info.Height}/{MediaPlaylistName}\n");
        }

        return text.ToString();
    }

    /// <summary>A VOD media playlist listing every segment by its bare file name.</summary>
    public static string Media(PackagedRendition rendition)
    {
        var longest = rendition.Segments.Count == 0 ? 1 : rendition.Segments.Max(s => s.DurationSeconds);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{(int)Math.Ceiling(longest)}\n");
        text.Append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        foreach (var segment in rendition.Segments)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{segment.DurationSeconds:0.000000},\n{segment.FileName}\n");
        }

        text.Append("#EXT-X-ENDLIST\n");
        return text.ToString();
    }

    /// <summary>BANDWIDTH must be the peak: the highest bitrate of any one segment.</summary>
    public static long PeakBitrate(PackagedRendition rendition)
    {
        var peak = rendition.Segments
            .Where(s => s.DurationSeconds > 0)
            .Select(s => (long)Math.Ceiling(s.Bytes * 8 / s.DurationSeconds))
            .DefaultIfEmpty(0)
            .Max();
        return Math.Max(peak, Math.Max(rendition.Info.BitrateBps, 1));
    }
}
