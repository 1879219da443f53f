using Microsoft.Extensions.Logging;

namespace Parley.Media.Library;

/// <summary>
/// The library's videos by name, guarded by one lock, and the immutable snapshot that readers use
/// without it. Every change republishes the snapshot and raises <see cref="Changed"/>.
/// </summary>
internal sealed class VideoCatalog(ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, VideoSlot> _videos = new(StringComparer.Ordinal);
    private LibrarySnapshot _snapshot = LibrarySnapshot.Empty;

    public event Action? Changed;

    public LibrarySnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Runs <paramref name="edit"/> on the slots by name under the lock, then republishes.</summary>
    public T Edit<T>(Func<Dictionary<string, VideoSlot>, T> edit)
    {
        T result;
        lock (_gate)
        {
            result = edit(_videos);
        }

        Publish();
        return result;
    }

    /// <summary>Applies a change to a slot that is still current, then republishes.</summary>
    public void Update(VideoSlot slot, Action change)
    {
        lock (_gate)
        {
            if (!_videos.TryGetValue(slot.Name, out var current) || current != slot)
            {
                return;
            }

            change();
        }

        Publish();
    }

    /// <summary>Removes <paramref name="slot"/> if it is still current, without republishing: the scan that follows does.</summary>
    public void RemoveIfCurrent(VideoSlot slot)
    {
        lock (_gate)
        {
            if (_videos.TryGetValue(slot.Name, out var current) && current == slot)
            {
                _videos.Remove(slot.Name);
            }
        }
    }

    private void Publish()
    {
        lock (_gate)
        {
            Volatile.Write(ref _snapshot, LibrarySnapshot.Of(_videos.Values));
        }

        try
        {
            Changed?.Invoke();
        }
        catch (Exception e)
        {
            logger.ChangedHandlerFailed(e);
        }
    }
}
