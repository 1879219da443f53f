namespace Parley.Media.Segments;

/// <summary>
/// The bytes of segments that leases waiting in connections' outbound queues keep alive (<see cref="SegmentLease.TryKeepWhileQueued"/>),
/// each segment counted once however many queued leases hold it, within a limit. A cached segment costs nothing more
/// while it is held; one the cache has let go of lives on only as long as its holders, and this limit bounds what they
/// can keep that way, whatever the clients do (one that stops reading, or asks for chunks of many segments).
/// </summary>
internal sealed class QueuedSegments(long limitBytes)
{
    private long _bytes;

    /// <summary>Bytes of segments held by queued leases now.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    public long LimitBytes => limitBytes;

    public bool TryReserve(long bytes)
    {
        var current = Volatile.Read(ref _bytes);
        while (current + bytes <= limitBytes)
        {
            var seen = Interlocked.CompareExchange(ref _bytes, current + bytes, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    public void Release(long bytes) => Interlocked.Add(ref _bytes, -bytes);
}
