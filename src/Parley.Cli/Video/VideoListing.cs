using System.Globalization;
using Parley.Client;

namespace Parley.Cli.Video;

/// <summary>
/// The server's videos as `parley videos` and chat's /videos show them: a line per video (name, duration,
/// state), then one per rendition. The lines are raw: the sink they are written to makes them safe.
/// </summary>
internal static class VideoListing
{
    public const string Empty = "the server has no videos";

    public static IEnumerable<string> Lines(IEnumerable<VideoInfo> videos) => videos.SelectMany(Lines);

    private static IEnumerable<string> Lines(VideoInfo video)
    {
        var duration = video.Duration > TimeSpan.Zero ? VideoWords.Duration(video.Duration.TotalSeconds) : "-";
        yield return $"{video.Name}  {duration}  {VideoWords.StateLine(video.State, video.Detail, video.Percent)}";
        foreach (var rendition in video.Renditions)
        {
            var size = rendition.Width > 0 ? $"{rendition.Width}x{rendition.Height}" : "?";
            var state = VideoWords.StateLine(rendition.State, rendition.Detail, 0);
            if (rendition.State == VideoAvailability.Preparing && !string.IsNullOrWhiteSpace(rendition.Detail))
            {
                state = rendition.Detail;
            }

            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"  {rendition.Height + "p",6}  {size,-10} {VideoWords.Bitrate(rendition.BitrateBps),10}  {state}");
        }
    }
}
