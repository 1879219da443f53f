using System.Buffers;
using System.Runtime.InteropServices;
using Parley.Media.Segments;

namespace Parley.Video.Tests;

public sealed class SegmentReaderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_segment_is_read_once_and_then_served_from_memory()
    {
        using var root = new TempDir();
        var path = WriteSegment(root, "seg0.ts", 100_000, seed: 1);
        var pool = new CountingPool();
        using var reader = new SegmentReader(new SegmentReaderOptions(), pool);

        using (var first = await reader.OpenAsync(path, CancellationToken.None))
        using (var second = await reader.OpenAsync(path, CancellationToken.None))
        {
            Assert.Equal(File.ReadAllBytes(path), first.Bytes.ToArray());
            Assert.True(first.Bytes.Span == second.Bytes.Span, "both readers share one copy in memory");
        }

        Assert.Equal(1, pool.Rented);
    }

    [Fact]
    public async Task Concurrent_readers_of_an_uncached_segment_share_one_read()
    {
        using var root = new TempDir();
        var path = WriteSegment(root, "seg0.ts", 500_000, seed: 2);
        var pool = new CountingPool();
        using var reader = new SegmentReader(new SegmentReaderOptions(), pool);

        var leases = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => reader.OpenAsync(path, CancellationToken.None).AsTask()));
        foreach (var lease in leases)
        {
            Assert.Equal(500_000, lease.Length);
            lease.Dispose();
        }

        Assert.Equal(1, pool.Rented);
    }

    [Fact]
    public async Task The_cache_stays_within_its_size_limit_and_returns_evicted_buffers_to_the_pool()
    {
        using var root = new TempDir();
        var pool = new CountingPool();
        const long capacity = 1024 * 1024;
        using var reader = new SegmentReader(new SegmentReaderOptions { CapacityBytes = capacity }, pool);

        for (var i = 0; i < 12; i++)
        {
            var path = WriteSegment(root, $"seg{i}.ts", 200_000, seed: i);
            using var lease = await reader.OpenAsync(path, CancellationToken.None);
            Assert.Equal(File.ReadAllBytes(path), lease.Bytes.ToArray());
            Assert.True(reader.CachedBytes <= capacity, $"{reader.CachedBytes} bytes cached, over the {capacity}-byte limit");
        }

        // Twelve 256 KiB pooled arrays do not fit in 1 MiB: the evicted ones go back to the pool
        // (eviction callbacks run on the thread pool, hence the wait).
        Assert.Equal(12, pool.Rented);
        await WaitUntilAsync(() => pool.Returned >= 12 - (int)(capacity / 262_144));
        Assert.True(pool.Returned <= pool.Rented);
    }

    [Fact]
    public async Task A_buffer_still_leased_is_not_returned_when_its_segment_is_evicted()
    {
        using var root = new TempDir();
        var pool = new CountingPool();
        using var reader = new SegmentReader(new SegmentReaderOptions { CapacityBytes = 300_000 }, pool);
        var first = WriteSegment(root, "seg0.ts", 200_000, seed: 3);
        var expected = File.ReadAllBytes(first);

        var held = await reader.OpenAsync(first, CancellationToken.None);
        Assert.True(MemoryMarshal.TryGetArray(held.Bytes, out var heldSegment));
        var heldArray = heldSegment.Array!;
        for (var i = 1; i < 4; i++)
        {
            using var other = await reader.OpenAsync(WriteSegment(root, $"seg{i}.ts", 200_000, seed: 10 + i), CancellationToken.None);
        }

        await WaitUntilAsync(() => pool.Returned >= 1);
        Assert.DoesNotContain(pool.ReturnedArrays, array => array.AsMemory(0, held.Length).Span == held.Bytes.Span);
        Assert.Equal(expected, held.Bytes.ToArray());

        // Let go, the held segment's array goes back. It is always the one the first over-capacity compaction evicts
        // (no other segment fits beside it); which of the others stays cached depends on when the background
        // compactions run, so "every array back" would only hold on some schedules.
        held.Dispose();
        await WaitUntilAsync(() => pool.ReturnedArrays.Any(array => ReferenceEquals(array, heldArray)));
        Assert.True(pool.Returned <= pool.Rented);
    }

    [Fact]
    public async Task A_segment_larger_than_the_cache_is_served_and_its_buffer_returned_after_use()
    {
        using var root = new TempDir();
        var pool = new CountingPool();
        using var reader = new SegmentReader(new SegmentReaderOptions { CapacityBytes = 100_000 }, pool);
        var path = WriteSegment(root, "big.ts", 300_000, seed: 4);

        using (var lease = await reader.OpenAsync(path, CancellationToken.None))
        {
            Assert.Equal(File.ReadAllBytes(path), lease.Bytes.ToArray());
        }

        Assert.Equal(1, pool.Returned);
        Assert.Equal(0, reader.CachedBytes);
    }

    [Fact]
    public async Task A_file_rewritten_on_disk_is_read_again()
    {
        using var root = new TempDir();
        var path = WriteSegment(root, "seg0.ts", 50_000, seed: 5);
        using var reader = new SegmentReader(new SegmentReaderOptions());
        using (await reader.OpenAsync(path, CancellationToken.None))
        {
        }

        var rewritten = WriteSegment(root, "seg0.ts", 60_000, seed: 6);
        File.SetLastWriteTimeUtc(rewritten, DateTime.UtcNow.AddMinutes(1));

        using var lease = await reader.OpenAsync(path, CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(path), lease.Bytes.ToArray());
    }

    [Fact]
    public async Task A_file_removed_from_disk_is_not_served_from_memory()
    {
        using var root = new TempDir();
        var path = WriteSegment(root, "seg0.ts", 50_000, seed: 7);
        using var reader = new SegmentReader(new SegmentReaderOptions());
        using (await reader.OpenAsync(path, CancellationToken.None))
        {
        }

        File.Delete(path);

        await Assert.ThrowsAsync<FileNotFoundException>(() => reader.OpenAsync(path, CancellationToken.None).AsTask());
    }

    private static string WriteSegment(TempDir root, string name, int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        var path = root.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
