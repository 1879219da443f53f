namespace Parley.Media.Videos;

/// <summary>Which video names the library accepts (and so which can appear in paths and URLs).</summary>
public static class VideoNames
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxLength = 100;

    /// <summary>
    /// A valid name is 1 to 100 characters of ASCII letters, digits, '.', '_' and '-', does not start
    /// with '.', and does not contain "..". So it never holds a path separator, never names a parent
    /// or hidden directory, and is safe as a single path segment or URL segment. Files in the videos
    /// folder whose NAME fails this rule are ignored (and logged).
    /// </summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] == '.' || name.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
