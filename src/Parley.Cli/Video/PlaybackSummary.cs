using System.Globalization;
using Parley.Client;

namespace Parley.Cli.Video;

/// <summary>The lines a play ends with, the same for `parley play` and chat's /play.</summary>
internal static class PlaybackSummary
{
    public const string PlayerClosedEarly = "play: the player was closed before the end of the video";

    /// <summary>"play: 6 segments, 4.5 MB in 12.0 s to TARGET; renditions 720p ×6".</summary>
    public static string Of(PlaybackResult result, string target)
    {
        var count = result.Segments.Count;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"play: {count} segment{(count == 1 ? string.Empty : "s")}, {result.Bytes / 1e6:0.0} MB in {result.Elapsed.TotalSeconds:0.0} s to {target}; renditions {RenditionRuns.Describe(result.Segments.Select(s => s.Height))}");
    }

    /// <summary>How a player is named as a target: "the player (ffplay)".</summary>
    public static string PlayerTarget(string playerPath) => $"the player ({Path.GetFileName(playerPath)})";
}
