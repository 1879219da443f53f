using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Parley.Testing;

/// <summary>
/// One read of a server's <c>/metrics</c> (Prometheus text format): every sample by its series, e.g.
/// <c>parley_logins_total{outcome="OK"}</c>. Labels are kept in the order the server writes them.
/// </summary>
public sealed partial class MetricsScrape
{
    private readonly Dictionary<string, double> _samples;

    private MetricsScrape(string text, Dictionary<string, double> samples)
    {
        Text = text;
        _samples = samples;
    }

    public string Text { get; }

    public static async Task<MetricsScrape> ReadAsync(IPEndPoint http)
    {
        using var client = new HttpClient();
        var text = await client.GetStringAsync(new Uri($"http://{http}/metrics"));
        return Parse(text);
    }

    public static MetricsScrape Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var match = Sample().Match(line.TrimEnd('\r'));
            if (match.Success)
            {
                samples[match.Groups["series"].Value] = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return new MetricsScrape(text, samples);
    }

    /// <summary>The sample of <paramref name="name"/> with exactly these labels; 0 when the series is not there yet.</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        foreach (var (series, value) in _samples)
        {
            if (SeriesMatches(series, name, labels))
            {
                return value;
            }
        }

        return 0;
    }

    /// <summary>Whether a series of <paramref name="name"/> is listed at all (with any labels).</summary>
    public bool Lists(string name) =>
        _samples.Keys.Any(series => series == name || series.StartsWith(name + "{", StringComparison.Ordinal));

    private static bool SeriesMatches(string series, string name, (string Label, string Value)[] labels)
    {
        var brace = series.IndexOf('{', StringComparison.Ordinal);
        var seriesName = brace < 0 ? series : series[..brace];
        if (seriesName != name)
        {
            return false;
        }

        var given = brace < 0
            ? []
            : Label().Matches(series[brace..]).Select(m => (m.Groups["label"].Value, m.Groups["value"].Value)).ToHashSet();
        return given.SetEquals(labels);
    }

    [GeneratedRegex(@"^(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?) (?<value>[^ ]+)( \d+)?$")]
    private static partial Regex Sample();

    [GeneratedRegex("(?<label>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>[^\"]*)\"")]
    private static partial Regex Label();
}
