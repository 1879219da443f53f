using System.Text.Json;
using Parley.Media.Videos;

namespace Parley.Media.Packaging;

/// <summary>
/// manifest.json in a packaged rendition's directory: which source (size + mtime) it came from, how,
/// what was probed, and the segments. Written last, so its presence means the packaging finished.
/// </summary>
internal sealed record RenditionManifest(
    int Version,
    string Kind,
    string SourceFile,
    long SourceBytes,
    long SourceModifiedUtcTicks,
    double DurationSeconds,
    RenditionInfo Info,
    IReadOnlyList<SegmentInfo> Segments)
{
    public const string FileName = "manifest.json";
    /// <summary>
    /// 2: a copy's <see cref="RenditionInfo.Height"/> is the probed height (1 kept the file name's).
    /// A ladder's manifest did not change, so version 1 ladders are still reused rather than transcoded again.
    /// </summary>
    public const int CurrentVersion = 2;

    /// <summary>Packaged from the file as it is (stream copy).</summary>
    public const string CopyKind = "copy";

    /// <summary>Transcoded from a lone NAME.mp4.</summary>
    public const string LadderKind = "ladder";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public bool Matches(SourceFile source, string kind) =>
        (Version == CurrentVersion || (Version == 1 && kind == LadderKind))
        && Kind == kind
        && SourceFile == source.FileName
        && SourceBytes == source.Bytes
        && SourceModifiedUtcTicks == source.ModifiedUtcTicks;

    /// <summary>The manifest of <paramref name="directory"/> when it is intact: readable and every file present at its recorded size.</summary>
    public static RenditionManifest? TryRead(string directory)
    {
        try
        {
            if (!File.Exists(Path.Combine(directory, HlsPlaylist.FileName)) || TryLoad(directory) is not { } manifest)
            {
                return null;
            }

            foreach (var segment in manifest.Segments)
            {
                var file = new FileInfo(Path.Combine(directory, Path.GetFileName(segment.FileName)));
                if (!file.Exists || file.Length != segment.Bytes)
                {
                    return null;
                }
            }

            return manifest;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The manifest of <paramref name="directory"/> as written, without looking at the files it lists;
    /// null when there is none or it is not one of ours.
    /// </summary>
    public static RenditionManifest? TryLoad(string directory)
    {
        try
        {
            var path = Path.Combine(directory, FileName);
            if (!File.Exists(path))
            {
                return null;
            }

            var manifest = JsonSerializer.Deserialize<RenditionManifest>(File.ReadAllBytes(path), s_json);
            return manifest is { Info: not null, Segments.Count: > 0, Kind: CopyKind or LadderKind } ? manifest : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    public void Write(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, s_json));
        File.Move(temporary, path, overwrite: true);
    }
}
