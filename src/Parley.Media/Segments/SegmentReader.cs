using System.Buffers;
using Microsoft.Extensions.Caching.Memory;

namespace Parley.Media.Segments;

/// <summary>
/// The one way segment files are read, for the Parley connection's FetchSegment and for HLS alike.
/// A segment is read from disk once into a pooled array and then served from memory to every
/// reader, chunk after chunk, without opening the file again. The cache is a size-limited
/// <see cref="MemoryCache"/> (sizes are the pooled arrays' lengths; the least recently used go first).
/// Every open checks the file's size and modification time, so a file rewritten on disk is read
/// again and a removed one is not served; concurrent misses for one file share one read.
/// </summary>
internal sealed class SegmentReader : IDisposable
{
    // Packaged segments never change in place; an entry is only ever displaced by size.
    private const double CompactionShare = 0.25;

    private readonly MemoryCache _cache;
    private readonly ArrayPool<byte> _pool;
    private readonly long _capacityBytes;
    private readonly QueuedSegments _queued;
    private readonly Lock _misses = new();
    private readonly PostEvictionDelegate _onEvicted = static (_, value, _, _) => ((CachedSegment)value!).Release();

    public SegmentReader(SegmentReaderOptions options, ArrayPool<byte>? pool = null)
    {
        _capacityBytes = options.CapacityBytes;
        _pool = pool ?? ArrayPool<byte>.Shared;
        _queued = new QueuedSegments(options.QueuedCapacityBytes ?? options.CapacityBytes);
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = options.CapacityBytes,
            CompactionPercentage = CompactionShare,
            TrackStatistics = true,
        });
    }

    /// <summary>Bytes of segments the cache holds now (each counted at its pooled array's length).</summary>
    public long CachedBytes => _cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    /// <summary>Bytes of segments kept by leases waiting in queues (<see cref="SegmentLease.TryKeepWhileQueued"/>), each counted once.</summary>
    public long QueuedBytes => _queued.Bytes;

    /// <summary>The file's bytes as they are on disk now. Dispose the lease when done with them.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (any other <see cref="IOException"/> when it cannot be read).</exception>
    public async ValueTask<SegmentLease> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException("segment file not found", path);
        }

        if (info.Length > Array.MaxLength)
        {
            throw new IOException($"{path} is too large to serve as a segment ({info.Length} bytes)");
        }

        var key = new SegmentKey(info.FullName, info.Length, info.LastWriteTimeUtc);
        var segment = Acquire(key, out var mustLoad);
        try
        {
            if (mustLoad)
            {
                await segment.LoadAsync(key.Path, (int)key.Length).ConfigureAwait(false);
            }

            await segment.Loaded.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (segment.Bytes.Length != key.Length)
            {
                _cache.Remove(key); // changed while it was read: serve what was read, keep nothing
            }

            return new SegmentLease(segment, _queued);
        }
        catch
        {
            if (mustLoad)
            {
                _cache.Remove(key);
            }

            segment.Release();
            throw;
        }
    }

    public void Dispose() => _cache.Dispose();

    /// <returns>The segment with one reference taken for the caller; <paramref name="mustLoad"/> when the caller must read it in.</returns>
    private CachedSegment Acquire(SegmentKey key, out bool mustLoad)
    {
        mustLoad = false;
        if (_cache.TryGetValue(key, out CachedSegment? cached) && cached!.TryAddReference())
        {
            return cached;
        }

        // Misses are rare (a segment is read once while it stays cached), so one lock makes concurrent
        // misses for the same file wait for one read instead of each reading it.
        lock (_misses)
        {
            if (_cache.TryGetValue(key, out cached) && cached!.TryAddReference())
            {
                return cached;
            }

            mustLoad = true;
            if (key.Length > _capacityBytes)
            {
                return new CachedSegment(_pool, (int)key.Length, key.Modified, references: 1);
            }

            var segment = new CachedSegment(_pool, (int)key.Length, key.Modified, references: 2);
            using var entry = _cache.CreateEntry(key);
            entry.Size = segment.Footprint;
            entry.Value = segment;
            entry.PostEvictionCallbacks.Add(new PostEvictionCallbackRegistration { EvictionCallback = _onEvicted });
            return segment;
        }
    }

    /// <summary>A file as of one size and modification time: a rewritten file is a different key.</summary>
    private readonly record struct SegmentKey(string Path, long Length, DateTime Modified);
}
