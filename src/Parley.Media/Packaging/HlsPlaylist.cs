using System.Globalization;
using Parley.Media.Videos;

namespace Parley.Media.Packaging;

/// <summary>Reads the segment list of a VOD media playlist that ffmpeg's HLS muxer wrote.</summary>
internal static class HlsPlaylist
{
    public const string FileName = "index.m3u8";

    /// <exception cref="FormatException">The playlist has no segments or a malformed #EXTINF.</exception>
    public static IReadOnlyList<SegmentInfo> ReadSegments(string directory)
    {
        var segments = new List<SegmentInfo>();
        double? pendingDuration = null;
        var start = 0.0;
        foreach (var raw in File.ReadLines(Path.Combine(directory, FileName)))
        {
            var line = raw.Trim();
            if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                var value = line["#EXTINF:".Length..].Split(',')[0];
                pendingDuration = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                var duration = pendingDuration ?? throw new FormatException($"segment '{line}' has no #EXTINF");
                if (line.Contains('/', StringComparison.Ordinal) || line.Contains('\\', StringComparison.Ordinal))
                {
                    throw new FormatException($"segment '{line}' is not a bare file name");
                }

                var bytes = new FileInfo(Path.Combine(directory, line)).Length;
                segments.Add(new SegmentInfo(segments.Count, start, duration, line, bytes));
                start += duration;
                pendingDuration = null;
            }
        }

        return segments.Count > 0 ? segments : throw new FormatException("the playlist lists no segments");
    }
}
