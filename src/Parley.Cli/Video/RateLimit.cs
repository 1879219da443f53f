using System.Globalization;

namespace Parley.Cli.Video;

/// <summary>The value of `play --limit-rate`: bytes per second, with an optional k, M or G suffix (powers of 1024, like curl).</summary>
internal static class RateLimit
{
    public static bool TryParse(string text, out long bytesPerSecond)
    {
        bytesPerSecond = 0;
        var value = text.Trim();
        var multiplier = 1L;
        if (value.Length > 0 && char.IsLetter(value[^1]))
        {
            multiplier = char.ToLowerInvariant(value[^1]) switch
            {
                'k' => 1024L,
                'm' => 1024L * 1024,
                'g' => 1024L * 1024 * 1024,
                _ => 0,
            };
            value = value[..^1];
        }

        if (multiplier == 0
            || !double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || number * multiplier < 1
            || number * multiplier > long.MaxValue / 2)
        {
            return false;
        }

        bytesPerSecond = (long)(number * multiplier);
        return true;
    }
}
