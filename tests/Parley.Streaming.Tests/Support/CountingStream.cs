namespace Parley.Streaming.Tests.Support;

/// <summary>Keeps what is written (in memory) and counts it, so a test can see how far a read had got at a given moment.</summary>
internal sealed class CountingStream : Stream
{
    private readonly MemoryStream _kept = new();
    private readonly Lock _gate = new();
    private readonly List<(long Bytes, TaskCompletionSource Reached)> _waiters = [];
    private long _written;
    private TaskCompletionSource? _hold;

    public long Written => Interlocked.Read(ref _written);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public byte[] ToArray()
    {
        lock (_gate)
        {
            return _kept.ToArray();
        }
    }

    /// <summary>Completes once at least <paramref name="bytes"/> have been written.</summary>
    public Task WhenWritten(long bytes)
    {
        lock (_gate)
        {
            if (_written >= bytes)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((bytes, reached));
            return reached.Task;
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            _kept.Write(buffer);
            Interlocked.Add(ref _written, buffer.Length);
            foreach (var waiter in _waiters.Where(w => _written >= w.Bytes).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>From now on, an asynchronous write that comes after some bytes were written waits for <see cref="ReleaseWrites"/>, so a test can act mid-stream.</summary>
    public void HoldLaterWrites() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseWrites() => _hold?.TrySetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_hold is { } hold && Written > 0)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        Write(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _kept.Dispose();
        }

        base.Dispose(disposing);
    }
}
