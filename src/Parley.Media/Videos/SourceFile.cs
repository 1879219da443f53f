namespace Parley.Media.Videos;

/// <summary>A file in the videos folder, with the size and modification time that say whether it changed.</summary>
internal sealed record SourceFile(string FullPath, long Bytes, long ModifiedUtcTicks)
{
    public string FileName => Path.GetFileName(FullPath);

    public static SourceFile Of(FileInfo file) => new(file.FullName, file.Length, file.LastWriteTimeUtc.Ticks);
}
