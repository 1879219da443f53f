namespace Parley.Server.Video;

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

    private readonly Lock _jobsGate = new();
    private int _jobs;
    private bool _retired;
    private bool _cancelled;

    /// <summary>
    /// Cancelled when this slot is replaced or the library stops; disposed (which unlinks it from the
    /// library's stopping token) once the slot is retired and none of its jobs is queued or running.
    /// </summary>
    public CancellationTokenSource Cancellation { get; } = cancellation;

    public TimeSpan Duration { get; set; }

    /// <summary>Why the whole video cannot be played (ffmpeg missing, lone source unreadable), or null.</summary>
    public string? Problem { get; set; }

    /// <summary>Progress of work that has no rendition to show yet (probing a lone source, generating the sample).</summary>
    public int Percent { get; set; }

    public SortedDictionary<int, RenditionSlot> Renditions { get; } = [];

    /// <summary>Counts <paramref name="count"/> more jobs that use <see cref="Cancellation"/>; each ends with <see cref="JobDone"/>.</summary>
    public void JobsQueued(int count)
    {
        lock (_jobsGate)
        {
            _jobs += count;
        }
    }

    public void JobDone()
    {
        lock (_jobsGate)
        {
            if (--_jobs == 0 && _cancelled)
            {
                Cancellation.Dispose();
            }
        }
    }

    /// <summary>The slot was replaced or removed: cancels its jobs, and disposes the source once none is left.</summary>
    public void Retire()
    {
        lock (_jobsGate)
        {
            if (_retired)
            {
                return;
            }

            _retired = true;
        }

        // Outside the lock: cancellation callbacks may end a job, which then calls JobDone.
        Cancellation.Cancel();
        lock (_jobsGate)
        {
            _cancelled = true;
            if (_jobs == 0)
            {
                Cancellation.Dispose();
            }
        }
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
