namespace Parley.Video.Tests;

/// <summary>Every file under a directory with its last write time: equal stamps mean nothing was rewritten.</summary>
internal static class FileStamps
{
    public static SortedDictionary<string, DateTime> Of(string directory) =>
        new(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(path => path, File.GetLastWriteTimeUtc), StringComparer.Ordinal);

    public static SortedDictionary<string, DateTime> Where(SortedDictionary<string, DateTime> stamps, Func<string, bool> keep) =>
        new(stamps.Where(pair => keep(pair.Key)).ToDictionary(), StringComparer.Ordinal);
}
