using System.CommandLine.Parsing;
using System.Globalization;

namespace Parley.Cli.Common;

/// <summary>Option parsers that reject out-of-range numbers as parse errors (exit code 2) with a clear message.</summary>
internal static class NumberParsers
{
    public static int? PositiveWholeNumber(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1)
        {
            return value;
        }

        result.AddError($"{OptionName(result)} must be a whole number of at least 1, got '{text}'");
        return null;
    }

    public static double? PositiveSeconds(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value > 0 && value <= TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return value;
        }

        result.AddError($"{OptionName(result)} must be a positive number of seconds, got '{text}'");
        return null;
    }

    /// <summary>Seconds from the start, 0 or more (`play --start`); anything else is a parse error.</summary>
    public static double NonNegativeSeconds(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value >= 0 && value <= TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return value;
        }

        result.AddError($"{OptionName(result)} must be a number of seconds, 0 or more, got '{text}'");
        return 0;
    }

    private static string OptionName(ArgumentResult result) =>
        (result.Parent as OptionResult)?.Option.Name ?? result.Argument.Name;
}
