using System.Globalization;

namespace Parley.Bench.Measurement;

/// <summary>Median and range of one figure over the rounds of a scenario, formatted for the tables.</summary>
internal static class Spread
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>"min–max" of the values in the given number format.</summary>
    public static string Range(IEnumerable<double> values, string format)
    {
        var all = values.ToArray();
        return all.Length == 0
            ? "n/a"
            : $"{all.Min().ToString(format, CultureInfo.InvariantCulture)}–{all.Max().ToString(format, CultureInfo.InvariantCulture)}";
    }
}
