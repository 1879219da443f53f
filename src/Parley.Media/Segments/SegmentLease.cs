namespace Parley.Media.Segments;

/// <summary>
/// A reader's hold on a segment's bytes: <see cref="Bytes"/> stay valid until it is disposed, even if
/// the cache drops the segment meanwhile. Dispose exactly when done (disposing twice is harmless); a lease
/// never disposed only costs the pool its array, which the garbage collector then reclaims.
/// </summary>
internal sealed class SegmentLease : IDisposable
{
    private CachedSegment? _segment;

    public SegmentLease(CachedSegment segment)
    {
        _segment = segment;
        Bytes = segment.Bytes;
        Modified = segment.Modified;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The file's modification time when it was read.</summary>
    public DateTime Modified { get; }

    public int Length => Bytes.Length;

    public void Dispose() => Interlocked.Exchange(ref _segment, null)?.Release();
}
