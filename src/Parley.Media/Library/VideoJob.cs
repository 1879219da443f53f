namespace Parley.Media.Library;

/// <summary>Work for the packaging queue: package one rendition file (<paramref name="height"/>), or transcode the ladder of the lone source (null).</summary>
internal sealed class VideoJob(VideoSlot slot, int? height)
{
    private FirstLoad? _firstLoad;

    public VideoSlot Slot { get; } = slot;

    public int? Height { get; } = height;

    /// <summary>Makes this job, queued by the library's first scan, part of its <see cref="FirstLoad"/>; before it is queued.</summary>
    public void JoinFirstLoad(FirstLoad load)
    {
        load.Enter(1);
        _firstLoad = load;
    }

    /// <summary>
    /// The job knows what the media cache holds for it (a rendition is ready from it, or work has to be done),
    /// or it ended: the first load no longer waits for it. Only the first call counts.
    /// </summary>
    public void Settle() => Interlocked.Exchange(ref _firstLoad, null)?.Exit();
}
