using System.Collections.Concurrent;

namespace Parley.Server.Streaming;

/// <summary>
/// Keeps recently served segment files in memory, bounded by total bytes (least recently used go
/// first). Packaged segments never change, and serving from memory avoids Kestrel's per-request
/// file open and chunked FileStream copy, which dominated the cost of a segment request. An entry is
/// valid only for the exact size and modification time it was read at, so a rewritten file is re-read.
/// </summary>
internal sealed class SegmentCache(long capacityBytes = SegmentCache.DefaultCapacityBytes)
{
    public const long DefaultCapacityBytes = 256L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _totalBytes;

    /// <summary>The file's bytes as of <paramref name="info"/>'s size and time; read from disk on a miss.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> GetAsync(FileInfo info, CancellationToken cancellationToken)
    {
        var modified = info.LastWriteTimeUtc;
        if (_entries.TryGetValue(info.FullName, out var cached) && cached.Bytes.Length == info.Length && cached.Modified == modified)
        {
            cached.LastUsed = Environment.TickCount64;
            return cached.Bytes;
        }

        var bytes = await File.ReadAllBytesAsync(info.FullName, cancellationToken).ConfigureAwait(false);
        if (bytes.Length != info.Length || bytes.Length > capacityBytes)
        {
            return bytes; // changed while reading, or too big to keep: serve it, cache nothing
        }

        Store(info.FullName, new Entry(bytes, modified) { LastUsed = Environment.TickCount64 });
        return bytes;
    }

    // Misses are rare (each segment is read once), so one lock keeps the byte count exact.
    private void Store(string path, Entry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(path, out var old))
            {
                _totalBytes -= old.Bytes.Length;
            }

            _entries[path] = entry;
            _totalBytes += entry.Bytes.Length;
            var oldestFirst = _totalBytes > capacityBytes ? _entries.OrderBy(pair => pair.Value.LastUsed).ToList() : [];
            foreach (var (oldPath, oldEntry) in oldestFirst)
            {
                if (_totalBytes <= capacityBytes)
                {
                    break;
                }

                _entries.TryRemove(oldPath, out _);
                _totalBytes -= oldEntry.Bytes.Length;
            }
        }
    }

    private sealed class Entry(byte[] bytes, DateTime modified)
    {
        public byte[] Bytes { get; } = bytes;
        public DateTime Modified { get; } = modified;
        public long LastUsed { get; set; }
    }
}
