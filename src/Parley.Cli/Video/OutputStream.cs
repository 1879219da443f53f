namespace Parley.Cli.Video;

/// <summary>
/// The stream a play writes to, counting what got through and noticing when the reader went away
/// (EPIPE: `| head` quit, a FIFO's reader closed): writing then fails at once instead of going on unseen.
/// </summary>
internal sealed class OutputStream(Stream inner) : Stream
{
    private const int BrokenPipe = 32;

    /// <summary>Bytes accepted by the output.</summary>
    public long Written { get; private set; }

    /// <summary>True once a write failed because nobody reads the other end any more.</summary>
    public bool ReaderGone { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Standard output as a plain file descriptor: Console's stream drops writes to a closed pipe silently.</summary>
    public static Stream StandardOutput() =>
        new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
        catch (IOException ex) when (ex.HResult == BrokenPipe)
        {
            ReaderGone = true;
            throw;
        }

        Written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await inner.FlushAsync(cancellationToken);
        }
        catch (IOException ex) when (ex.HResult == BrokenPipe)
        {
            ReaderGone = true;
            throw;
        }
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
