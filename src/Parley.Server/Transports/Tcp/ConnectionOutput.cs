using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// Where a connection's frames are written. Without TLS: the transport's output. Over TLS: the connection's SslStream,
/// through a writer of 64 KiB buffers instead of Kestrel's TLS pipe, whose 4 KiB buffers are each written to SslStream
/// on their own and so each become a TLS record (and an encryption call) of their own; here a flush hands SslStream up
/// to 64 KiB at a time, which it cuts into full 16 KiB records.
/// </summary>
internal static class ConnectionOutput
{
    private const int BufferBytes = 64 * 1024;

    /// <remarks>
    /// The writer made for TLS is never completed: completing would write what is left, and a connection's writer only
    /// stops once all it wrote is flushed or the connection is gone. Its buffers go back to the pool at each flush.
    /// </remarks>
    public static PipeWriter Of(ConnectionContext connection) =>
        connection.Features.Get<ISslStreamFeature>() is { } tls
            ? PipeWriter.Create(tls.SslStream, new StreamPipeWriterOptions(minimumBufferSize: BufferBytes, leaveOpen: true))
            : connection.Transport.Output;
}
