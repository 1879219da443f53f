using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// Runs between the socket and Kestrel's TLS layer. SslStream writes every TLS record (at most 16 KiB) with a
/// WriteAsync of its own, and Kestrel's stream over the transport turns each of those into a flush: one socket
/// send, and on loopback the peer's receive too, per record. Here a record is only copied into the socket's
/// output; it leaves when SslStream flushes, which it does after every handshake message and whenever the
/// connection's writer flushes a batch, so a batch of frames goes out in one socket write, as it does without TLS.
/// </summary>
internal static class TlsRecordBatching
{
    public static Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        connection.Transport = new BatchedTransport(connection.Transport);
        return next(connection);
    }

    private sealed class BatchedTransport(IDuplexPipe inner) : IDuplexPipe
    {
        public PipeReader Input { get; } = inner.Input;

        public PipeWriter Output { get; } = new RecordBatchingWriter(inner.Output);
    }
}
