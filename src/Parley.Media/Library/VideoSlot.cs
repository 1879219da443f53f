using Parley.Media.Videos;

namespace Parley.Media.Library;

/// <summary>
/// The library's mutable record of one video, guarded by the library's lock. Replaced whole when
/// its files change; <see cref="Signature"/> says which files (and tool state) it was built from.
/// </summary>
internal sealed class VideoSlot(string name, string signature, IReadOnlyDictionary<int, SourceFile> renditionFiles, SourceFile? loneFile, CancellationTokenSource cancellation)
{
    public string Name { get; } = name;

    public string Signature { get; } = signature;

    /// <summary>The NAME_&lt;height&gt;.mp4 files by height; empty for a lone source.</summary>
    public IReadOnlyDictionary<int, SourceFile> RenditionFiles { get; } = renditionFiles;

    /// <summary>The lone NAME.mp4 the ladder is made from, or null.</summary>
    public SourceFile? LoneFile { get; } = loneFile;

    private readonly CancellationTokenSource _cancellation = cancellation;

    /// <summary>
    /// Cancelled when this slot is retired or the library stops. Taken from the source once, so it
    /// stays usable (cancelled) by jobs still queued after <see cref="Retire"/> disposed the source.
    /// </summary>
    public CancellationToken Token { get; } = cancellation.Token;

    public TimeSpan Duration { get; set; }

    /// <summary>Why the whole video cannot be played (ffmpeg missing, lone source unreadable), or null.</summary>
    public string? Problem { get; set; }

    /// <summary>Progress of work that has no rendition to show yet (probing a lone source, generating the sample).</summary>
    public int Percent { get; set; }

    public SortedDictionary<int, RenditionSlot> Renditions { get; } = [];

    /// <summary>
    /// The slot was replaced or removed (once): cancels its jobs, then disposes the source, which
    /// unlinks it from the library's stopping token. Cancelling first means every job has been told.
    /// </summary>
    public void Retire()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
    }
}

/// <summary>One rendition's current info, progress, and packaged files once ready.</summary>
internal sealed class RenditionSlot(RenditionInfo info)
{
    public RenditionInfo Info { get; set; } = info;

    public int Percent { get; set; }

    public PackagedRendition? Packaged { get; set; }

    public static RenditionSlot Placeholder(int height, VideoState state, string? detail) =>
        new(new RenditionInfo(height, 0, 0, 0, "", null, "", state, detail));
}
