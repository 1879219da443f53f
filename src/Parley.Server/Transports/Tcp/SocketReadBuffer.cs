namespace Parley.Server.Transports.Tcp;

/// <summary>
/// How many unread bytes Kestrel's socket transport buffers per connection before it stops reading the socket
/// (<c>SocketTransportOptions.MaxReadBufferSize</c>; Kestrel's default is 1 MiB). While a login waits for its signature
/// check the read loop reads nothing, so this is what a connection that keeps sending can make the server hold then.
/// </summary>
/// <remarks>
/// A pipe counts toward its pause threshold only bytes its reader has not yet examined. The read loop examines a
/// partial frame to its end before waiting for more, so a frame of the largest size still arrives whole however small
/// the threshold is, in plain TCP and over TLS alike (Kestrel's TLS layer reads this buffer into a pipe of its own
/// that grows as the read loop asks). Before login a frame is at most <see cref="ParleyServerOptions.MaxLoginFrameBytes"/>,
/// so a connection then holds at most this plus one such frame (and, over TLS, a record or two in SslStream).
/// </remarks>
internal static class SocketReadBuffer
{
    // Below this the socket loop would pause and resume often for a client that sends fast (the Pipe default).
    private const int Floor = 64 * 1024;

    public static long BytesFor(ParleyServerOptions options) => Math.Max(4L * options.MaxLoginFrameBytes, Floor);
}
