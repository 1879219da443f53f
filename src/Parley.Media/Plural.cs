using System.Globalization;

namespace Parley.Media;

/// <summary>Counts in log lines and messages: "1 segment", "3 segments".</summary>
internal static class Plural
{
    public static string Count(long count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");
}
