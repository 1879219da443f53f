namespace Parley.Media.Segments;

/// <summary>How much memory the <see cref="SegmentReader"/> may keep segments in.</summary>
internal sealed record SegmentReaderOptions
{
    public const long DefaultCapacityBytes = 256L * 1024 * 1024;

    /// <summary>Bytes of pooled arrays the cache may hold (256 MiB by default); a larger segment is served but not kept.</summary>
    public long CapacityBytes { get; init; } = DefaultCapacityBytes;

    /// <summary>
    /// Bytes of segments that chunks waiting in connections' queues may keep alive, each segment counted once
    /// (null, the default: as much as <see cref="CapacityBytes"/>). Past it, a queued chunk holds a copy of its own bytes.
    /// </summary>
    public long? QueuedCapacityBytes { get; init; }
}
