using System.Diagnostics;
using Parley.Client.Video;

namespace Parley.Client.Tests;

public sealed class ReadWindowTests
{
    private const int KiB = 1024;

    [Theory]
    [InlineData(0, 16 * KiB)]
    [InlineData(10_000, 16 * KiB)]
    [InlineData(64 * KiB, 16 * KiB)]
    [InlineData(120_000, 30_000)]
    [InlineData(256 * KiB, 64 * KiB)]
    [InlineData(512 * KiB, 128 * KiB)]
    [InlineData(1024 * KiB, 256 * KiB)]
    [InlineData(300_000_000, 256 * KiB)]
    public void The_window_is_a_quarter_second_of_data_between_16_and_256_KiB(double bytesPerSecond, int expected)
    {
        Assert.Equal(expected, ReadWindow.BytesFor(bytesPerSecond));
    }

    [Theory]
    [InlineData(64 * KiB, 16 * KiB, 8 * KiB, 2)]
    [InlineData(120_000, 30_000, 8 * KiB, 3)]
    [InlineData(256 * KiB, 64 * KiB, 16 * KiB, 4)]
    [InlineData(384 * KiB, 96 * KiB, 24 * KiB, 4)]
    [InlineData(1024 * KiB, 256 * KiB, 64 * KiB, 4)]
    public void The_window_is_two_to_four_requests_of_8_to_64_KiB_never_more_than_the_window(long cap, int bytes, int chunk, int requests)
    {
        var window = ReadWindow.Capped(cap);

        Assert.Equal((bytes, chunk, requests), (window.Bytes, window.ChunkBytes, window.Requests));
        Assert.True(window.Requests * window.ChunkBytes <= window.Bytes);
    }

    [Fact]
    public void A_read_cap_sizes_the_window_and_measurements_do_not_change_it()
    {
        var window = ReadWindow.For(64 * KiB);
        Assert.Equal((16 * KiB, 8 * KiB, 2), (window.Bytes, window.ChunkBytes, window.Requests));

        var start = Stopwatch.GetTimestamp();
        window.Observe(64 * KiB, start, start + Ticks(0.001));

        Assert.InRange(window.BytesPerSecond, (64 * KiB) - 0.01, (64 * KiB) + 0.01);
        Assert.Equal(16 * KiB, window.Bytes);
    }

    [Fact]
    public void Without_a_cap_it_starts_at_the_smallest_and_a_fast_first_chunk_opens_it_fully()
    {
        var window = ReadWindow.For(null);
        Assert.Equal((16 * KiB, 8 * KiB, 2), (window.Bytes, window.ChunkBytes, window.Requests));

        var start = Stopwatch.GetTimestamp();
        window.Observe(8 * KiB, start, start + Ticks(0.001)); // 8 MiB/s

        Assert.Equal((256 * KiB, 64 * KiB, 4), (window.Bytes, window.ChunkBytes, window.Requests));
    }

    [Fact]
    public void A_link_that_slows_down_shrinks_the_window_within_a_few_chunks()
    {
        var window = ReadWindow.Measured();
        var now = Stopwatch.GetTimestamp();
        window.Observe(64 * KiB, now, now += Ticks(0.001));
        Assert.Equal(256 * KiB, window.Bytes);

        // Now each 16 KiB chunk takes a quarter of a second: 64 KiB/s, a 16 KiB window.
        var sizes = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            window.Observe(16 * KiB, now, now += Ticks(0.25));
            sizes.Add(window.Bytes);
        }

        Assert.True(sizes[0] < 64 * KiB, $"after one slow chunk the window is {sizes[0]} bytes");
        Assert.InRange(sizes[^1], 16 * KiB, 17 * KiB);
    }

    [Fact]
    public void Time_the_reader_spent_elsewhere_before_asking_is_not_counted_as_a_slow_link()
    {
        var window = ReadWindow.Measured();
        var start = Stopwatch.GetTimestamp();
        window.Observe(64 * KiB, start, start + Ticks(0.001));

        // The next chunk was asked for 2 s later (the player was full) and arrived 1 ms after that.
        window.Observe(64 * KiB, start + Ticks(2), start + Ticks(2.001));

        Assert.Equal(256 * KiB, window.Bytes);
    }

    [Fact]
    public void Chunks_answered_together_are_timed_from_the_previous_arrival_not_their_request()
    {
        var window = ReadWindow.Measured();
        var start = Stopwatch.GetTimestamp();

        // Four 16 KiB requests sent at once over a 64 KiB/s link arrive a quarter second apart.
        for (var i = 1; i <= 4; i++)
        {
            window.Observe(16 * KiB, start, start + Ticks(0.25 * i));
        }

        Assert.InRange(window.BytesPerSecond, (64 * KiB) - 1, (64 * KiB) + 1);
        Assert.Equal(16 * KiB, window.Bytes);
    }

    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);
}
