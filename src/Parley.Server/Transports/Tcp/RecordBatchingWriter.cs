using System.Buffers;
using System.IO.Pipelines;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// The socket's output as TLS sees it (<see cref="TlsRecordBatching"/>): <see cref="WriteAsync"/> copies without
/// flushing, as a buffered stream's write does, and <see cref="FlushAsync"/> sends. Past
/// <see cref="MaxUnflushedBytes"/> a write flushes too, so one very large write still waits for the peer.
/// </summary>
internal sealed class RecordBatchingWriter(PipeWriter inner) : PipeWriter
{
    /// <summary>More than the connection writer's batch (256 KiB) and its TLS records' overhead.</summary>
    public const int MaxUnflushedBytes = 512 * 1024;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        inner.Write(source.Span);
        return inner.CanGetUnflushedBytes && inner.UnflushedBytes < MaxUnflushedBytes
            ? new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false))
            : inner.FlushAsync(cancellationToken);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
}
