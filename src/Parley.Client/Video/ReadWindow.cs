using System.Diagnostics;
using Parley.Protocol;

namespace Parley.Client.Video;

/// <summary>
/// How much video a connection keeps requested ahead: about <see cref="Target"/> of data at its read
/// throughput, so a chat message queued behind the video already requested waits about that long
/// whatever the link's speed. The throughput is the read cap when there is one, else measured from
/// the chunks as they arrive. The window is split into 2-4 FetchSegment requests of
/// <see cref="ChunkBytes"/> each, so a slow link still has a request in flight while one is read.
/// </summary>
internal sealed class ReadWindow
{
    public const int SmallestBytes = 16 * 1024;
    public const int LargestBytes = VideoLimits.MaxWindowBytes;
    public const int SmallestChunkBytes = 8 * 1024;

    /// <summary>The weight of a new sample in the moving average of seconds per byte.</summary>
    public const double Smoothing = 0.5;

    public static readonly TimeSpan Target = TimeSpan.FromSeconds(0.25);

    // A burst of chunks read from the socket at once must not count as infinitely fast.
    private static readonly TimeSpan s_shortestSample = TimeSpan.FromTicks(500);

    private readonly Lock _gate = new();
    private readonly bool _capped;
    private double _secondsPerByte;
    private long _lastArrival;

    private ReadWindow(double? bytesPerSecond)
    {
        _capped = bytesPerSecond is not null;
        _secondsPerByte = bytesPerSecond is { } rate ? 1 / rate : 0;
    }

    /// <summary>
    /// Read throughput in bytes per second: the cap; or a moving average of the measured rate
    /// (averaged as seconds per byte, so one slow chunk counts at once); 0 before the first chunk.
    /// </summary>
    public double BytesPerSecond
    {
        get
        {
            lock (_gate)
            {
                return _secondsPerByte == 0 ? 0 : 1 / _secondsPerByte;
            }
        }
    }

    /// <summary>Bytes to keep requested and not yet received: <see cref="Target"/>'s worth of <see cref="BytesPerSecond"/>, clamped.</summary>
    public int Bytes => BytesFor(BytesPerSecond);

    /// <summary>The max_bytes of the next FetchSegment.</summary>
    public int ChunkBytes => ChunkBytesFor(Bytes);

    /// <summary>FetchSegment requests to keep in flight: <see cref="Bytes"/> in chunks of <see cref="ChunkBytes"/> (2-4).</summary>
    public int Requests
    {
        get
        {
            var bytes = Bytes;
            return bytes / ChunkBytesFor(bytes);
        }
    }

    /// <summary>A window sized from the measured throughput, starting at the smallest until the first chunk is measured.</summary>
    public static ReadWindow Measured() => new(null);

    /// <summary>A window sized from a read cap (what --limit-rate sets); measurements do not change it.</summary>
    public static ReadWindow Capped(long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        return new ReadWindow(bytesPerSecond);
    }

    public static ReadWindow For(long? readBytesPerSecond) =>
        readBytesPerSecond is { } cap ? Capped(cap) : Measured();

    /// <summary>The sizing rule: <see cref="Target"/> of data at <paramref name="bytesPerSecond"/>, at least <see cref="SmallestBytes"/>, at most <see cref="LargestBytes"/> (0: unknown, the smallest).</summary>
    public static int BytesFor(double bytesPerSecond) =>
        (int)Math.Clamp(bytesPerSecond * Target.TotalSeconds, SmallestBytes, LargestBytes);

    /// <summary>A quarter of the window, in whole KiB, from <see cref="SmallestChunkBytes"/> to <see cref="VideoLimits.MaxChunkBytes"/>.</summary>
    public static int ChunkBytesFor(int windowBytes) =>
        Math.Clamp(windowBytes / 4 / 1024 * 1024, SmallestChunkBytes, VideoLimits.MaxChunkBytes);

    /// <summary>
    /// Counts a chunk of <paramref name="bytes"/> requested at timestamp <paramref name="requestedAt"/>
    /// that arrived at <paramref name="arrivedAt"/> (<see cref="Stopwatch"/> timestamps). The link was
    /// busy with it from the later of its request and the previous arrival, so time the reader spent
    /// elsewhere (writing to a slow player) does not count as a slow link.
    /// </summary>
    public void Observe(int bytes, long requestedAt, long arrivedAt)
    {
        if (_capped || bytes <= 0)
        {
            return;
        }

        lock (_gate)
        {
            var busySince = Math.Max(requestedAt, _lastArrival);
            _lastArrival = Math.Max(_lastArrival, arrivedAt);
            var elapsed = Stopwatch.GetElapsedTime(busySince, arrivedAt);
            var seconds = Math.Max(elapsed.TotalSeconds, s_shortestSample.TotalSeconds);
            var sample = seconds / bytes;
            _secondsPerByte = _secondsPerByte == 0 ? sample : (Smoothing * sample) + ((1 - Smoothing) * _secondsPerByte);
        }
    }
}
