using System.Globalization;

namespace Parley.Cli.Video;

/// <summary>The renditions a play went through, as runs ("240p ×2, 720p ×3"), short even for a long video.</summary>
internal static class RenditionRuns
{
    /// <summary>Beyond this many runs (an adaptive play that switched often) only the totals per rendition are listed.</summary>
    public const int MostRunsListed = 8;

    public static string Describe(IEnumerable<int> heights)
    {
        var runs = new List<(int Height, int Count)>();
        foreach (var height in heights)
        {
            if (runs.Count > 0 && runs[^1].Height == height)
            {
                runs[^1] = (height, runs[^1].Count + 1);
            }
            else
            {
                runs.Add((height, 1));
            }
        }

        if (runs.Count <= MostRunsListed)
        {
            return string.Join(", ", runs.Select(r => Run(r.Height, r.Count)));
        }

        var totals = runs.GroupBy(r => r.Height).OrderBy(g => g.Key).Select(g => Run(g.Key, g.Sum(r => r.Count)));
        return string.Join(", ", totals) + string.Create(CultureInfo.InvariantCulture, $" in {runs.Count} runs");
    }

    private static string Run(int height, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{height}p ×{count}");
}
