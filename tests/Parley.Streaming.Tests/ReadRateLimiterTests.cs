using Parley.Client.Connection;

namespace Parley.Streaming.Tests;

public sealed class ReadRateLimiterTests
{
    [Fact]
    public async Task Grants_never_add_up_to_more_than_the_rate_allows()
    {
        var time = new SteppingTime();
        var limiter = new ReadRateLimiter(100_000, time);
        long granted = 0;

        while (time.Elapsed < TimeSpan.FromSeconds(10))
        {
            granted += await limiter.TakeAsync(65_536, CancellationToken.None);
        }

        // At most the bucket's capacity (a tenth of a second) beyond rate x time.
        Assert.InRange(granted, 900_000, 1_000_000 + 10_000 + 65_536);
    }

    [Fact]
    public async Task Returned_bytes_can_be_taken_again()
    {
        var time = new SteppingTime();
        var limiter = new ReadRateLimiter(100_000, time);
        var first = await limiter.TakeAsync(8192, CancellationToken.None);
        var before = time.Elapsed;

        limiter.Return(first);
        var again = await limiter.TakeAsync(first, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(before, time.Elapsed);
    }

    /// <summary>A clock that jumps forward by the requested delay instead of waiting.</summary>
    private sealed class SteppingTime : TimeProvider
    {
        private long _ticks;

        public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Add(ref _ticks, Math.Max(dueTime.Ticks, 1));
            callback(state);
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
