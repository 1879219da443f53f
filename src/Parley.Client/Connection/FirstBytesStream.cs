namespace Parley.Client.Connection;

/// <summary>
/// Passes a stream through and keeps the first few bytes read from it, so that a failed TLS handshake can
/// say what answered instead (an HTTP server, a Parley server in plain TCP) rather than only that the handshake failed.
/// </summary>
internal sealed class FirstBytesStream(Stream inner) : Stream
{
    private const int Kept = TlsRefusalAnswer.MaxPlainErrorFrameBytes + 4;
    private readonly byte[] _first = new byte[Kept];
    private int _count;

    public ReadOnlySpan<byte> First => _first.AsSpan(0, Volatile.Read(ref _count));

    /// <summary>
    /// After a failed handshake: reads on from the inner stream, past what TLS took, until <paramref name="wanted"/>
    /// bytes are kept, the peer closes, or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task ReadOnAsync(int wanted, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        wanted = Math.Min(wanted, Kept);
        try
        {
            while (_count < wanted)
            {
                var read = await inner.ReadAsync(_first.AsMemory(_count, wanted - _count), limit.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                Volatile.Write(ref _count, _count + read);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Only a better message was at stake.
        }
    }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Keep(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Keep(ReadOnlySpan<byte> read)
    {
        var room = Kept - _count;
        if (room > 0)
        {
            var take = Math.Min(room, read.Length);
            read[..take].CopyTo(_first.AsSpan(_count));
            Volatile.Write(ref _count, _count + take);
        }

        return read.Length;
    }
}
