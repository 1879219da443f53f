namespace Parley.Media.Segments;

/// <summary>
/// A reader's hold on a segment's bytes: <see cref="Bytes"/> stay valid until it is disposed, even if
/// the cache drops the segment meanwhile. Dispose exactly when done (disposing twice is harmless); a lease
/// never disposed only costs the pool its array, which the garbage collector then reclaims.
/// </summary>
internal sealed class SegmentLease : IDisposable
{
    private readonly QueuedSegments _queued;
    private CachedSegment? _segment;
    private int _waitsInQueue;

    public SegmentLease(CachedSegment segment, QueuedSegments queued)
    {
        _segment = segment;
        _queued = queued;
        Bytes = segment.Bytes;
        Modified = segment.Modified;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The file's modification time when it was read.</summary>
    public DateTime Modified { get; }

    public int Length => Bytes.Length;

    /// <summary>
    /// Asks to keep this lease while it waits in an outbound queue (a chunk written later straight from <see cref="Bytes"/>).
    /// The segment counts against the reader's <see cref="SegmentReaderOptions.QueuedCapacityBytes"/> until the last
    /// such lease on it is disposed.
    /// </summary>
    /// <returns>False when that budget is full: copy what is needed and dispose the lease instead.</returns>
    public bool TryKeepWhileQueued()
    {
        var segment = _segment ?? throw new ObjectDisposedException(nameof(SegmentLease));
        if (_waitsInQueue != 0)
        {
            return true;
        }

        if (!segment.TryAddQueuedHolder(_queued))
        {
            return false;
        }

        _waitsInQueue = 1;
        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _segment, null) is { } segment)
        {
            if (_waitsInQueue != 0)
            {
                segment.RemoveQueuedHolder(_queued);
            }

            segment.Release();
        }
    }
}
