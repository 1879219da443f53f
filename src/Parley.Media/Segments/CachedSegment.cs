using System.Buffers;

namespace Parley.Media.Segments;

/// <summary>
/// One segment file's bytes in a pooled array, shared by every reader. Counted references keep the
/// array alive: one for the cache entry and one per <see cref="SegmentLease"/>. The last one to let go
/// returns the array to the pool, so an evicted segment still being written to a socket stays intact.
/// </summary>
internal sealed class CachedSegment
{
    private readonly ArrayPool<byte> _pool;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _queuedGate = new();
    private byte[]? _buffer;
    private int _references;
    private int _length;
    private int _queuedHolders;
    private int _queuedFootprint;

    /// <param name="references">Holders at creation (the cache and the first reader).</param>
    public CachedSegment(ArrayPool<byte> pool, int capacity, DateTime modified, int references)
    {
        _pool = pool;
        _buffer = pool.Rent(capacity);
        _references = references;
        Modified = modified;
    }

    /// <summary>The pooled array's length: what the segment costs in memory.</summary>
    public int Footprint => _buffer?.Length ?? 0;

    public DateTime Modified { get; }

    /// <summary>Completes once the bytes are in (or faults when the file could not be read).</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>Valid while the caller holds a reference and <see cref="Loaded"/> has completed.</summary>
    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, _length);

    /// <summary>False once the segment is gone (its array already back in the pool).</summary>
    public bool TryAddReference()
    {
        var count = Volatile.Read(ref _references);
        while (count > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, count + 1, count);
            if (seen == count)
            {
                return true;
            }

            count = seen;
        }

        return false;
    }

    /// <summary>
    /// Counts one more holder waiting in a queue (the caller holds a reference); the first one charges the segment's
    /// footprint to <paramref name="queued"/>, so a segment held by many queued chunks is counted once.
    /// </summary>
    /// <returns>False when <paramref name="queued"/> has no room for it.</returns>
    public bool TryAddQueuedHolder(QueuedSegments queued)
    {
        lock (_queuedGate)
        {
            if (_queuedHolders == 0)
            {
                var footprint = Footprint;
                if (!queued.TryReserve(footprint))
                {
                    return false;
                }

                _queuedFootprint = footprint;
            }

            _queuedHolders++;
            return true;
        }
    }

    public void RemoveQueuedHolder(QueuedSegments queued)
    {
        lock (_queuedGate)
        {
            if (--_queuedHolders == 0)
            {
                queued.Release(_queuedFootprint);
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0 && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            _pool.Return(buffer);
        }
    }

    /// <summary>Reads the whole file into the array; the file may be shorter than expected if it changed meanwhile.</summary>
    public async Task LoadAsync(string path, int expectedLength)
    {
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
            var buffer = _buffer!;
            var filled = 0;
            while (filled < expectedLength)
            {
                var read = await RandomAccess.ReadAsync(file, buffer.AsMemory(filled, expectedLength - filled), filled).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            _length = filled;
            _loaded.SetResult();
        }
        catch (Exception ex)
        {
            _loaded.SetException(ex);
        }
    }
}
