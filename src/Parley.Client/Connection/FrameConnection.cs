using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;

namespace Parley.Client.Connection;

/// <summary>
/// One TCP connection, in TLS 1.3 unless the user asked for plain TCP, carrying Parley frames: reads server frames one at a time and writes client
/// frames under a lock so that concurrent senders never interleave bytes. A frame handed to the
/// pipe goes out whole whatever happens to its sender's wait; if it cannot, the connection is
/// torn down, since nothing sent after part of a frame could be read.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable
{
    /// <summary>The server never sends more than its own limit plus a little header; protocol.md asks clients to accept 16 MiB.</summary>
    public const int MaxIncomingFrameBytes = 16 * 1024 * 1024;

    // A video chunk frame is 64 KiB and a bit: read it in a few socket reads, not sixteen of the default 4 KiB.
    private const int ReadBufferBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly ServerAddress _address;
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly RateLimitedReadStream? _limitedReads;
    private Exception? _writeFailure;
    private bool _anyFrameRead;
    private long _lastSentMs = Environment.TickCount64;
    private long _lastReceivedMs = Environment.TickCount64;
    private int _disposed;

    private FrameConnection(Socket socket, Stream stream, byte[] channelBinding, ServerAddress address, long? readBytesPerSecond)
    {
        _socket = socket;
        _address = address;
        RemoteAddress = (socket.RemoteEndPoint as System.Net.IPEndPoint)?.Address;
        _stream = stream;
        ChannelBinding = channelBinding;
        _limitedReads = readBytesPerSecond is { } limit ? new RateLimitedReadStream(_stream, new ReadRateLimiter(limit)) : null;
        _reader = PipeReader.Create((Stream?)_limitedReads ?? _stream, new StreamPipeReaderOptions(bufferSize: ReadBufferBytes, leaveOpen: true));
        _writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>The server as the user named it (--server).</summary>
    public ServerAddress Address => _address;

    /// <summary>The IP address the connection reached, whatever name <see cref="Address"/> gave.</summary>
    public System.Net.IPAddress? RemoteAddress { get; }

    /// <summary>What the login signs: RFC 5929 tls-server-end-point of the server's certificate; empty over plain TCP.</summary>
    public byte[] ChannelBinding { get; }
    /// <summary>The heartbeat the server announced in Welcome, within bounds; null when it announced none.</summary>
    public HeartbeatTimes? Heartbeat { get; set; }

    /// <summary><see cref="Environment.TickCount64"/> when the last frame went out.</summary>
    public long LastSentMs => Volatile.Read(ref _lastSentMs);

    /// <summary><see cref="Environment.TickCount64"/> when the last frame arrived.</summary>
    public long LastReceivedMs => Volatile.Read(ref _lastReceivedMs);

    /// <summary>Largest frame body the server accepts; known after Welcome.</summary>
    public int MaxOutgoingFrameBytes { get; set; } = ProtocolConstants.DefaultMaxFrameBytes;

    /// <param name="trust">Which server certificate to accept (or plain TCP).</param>
    /// <param name="readBytesPerSecond">Caps how fast bytes are read off the socket once <see cref="LimitReads"/> is called (null: no cap).</param>
    /// <exception cref="ParleyException">ConnectionFailed: the server cannot be reached or the TLS handshake failed;
    /// ServerKeyChanged: the server's key is not the pinned one.</exception>
    public static async Task<FrameConnection> ConnectAsync(ServerAddress address, ServerTrust trust, long? readBytesPerSecond, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // A server that vanishes without a FIN is noticed within about a minute, not hours.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
            await socket.ConnectAsync(address.Host, address.Port, ct).ConfigureAwait(false);
            var network = new NetworkStream(socket, ownsSocket: true);
            if (trust.Insecure)
            {
                return new FrameConnection(socket, network, [], address, readBytesPerSecond);
            }

            var (tls, binding) = await SecureAsync(network, address, trust, ct).ConfigureAwait(false);
            return new FrameConnection(socket, tls, binding, address, readBytesPerSecond);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new ParleyException(ParleyErrorKind.ConnectionFailed, $"cannot connect to {address}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<(SslStream Tls, byte[] Binding)> SecureAsync(NetworkStream network, ServerAddress address, ServerTrust trust, CancellationToken ct)
    {
        var answer = new FirstBytesStream(network);
        var tls = new SslStream(answer, leaveInnerStreamOpen: false, trust.Accept);
        byte[] binding;
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = address.Host,
                    EnabledSslProtocols = SslProtocols.Tls13,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                ct).ConfigureAwait(false);
            using var certificate = new X509Certificate2(tls.RemoteCertificate!);
            binding = TlsServerEndPoint.Of(certificate);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            // TLS may have stopped at a record header: read the rest of a plaintext error frame, if that is what came.
            if (TlsRefusalAnswer.FrameLengthOf(answer.First) is > 0 and var frameBytes)
            {
                await answer.ReadOnAsync(frameBytes, TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            }

            await tls.DisposeAsync().ConfigureAwait(false);
            if (trust.Refusal() is { } refusal)
            {
                throw refusal;
            }

            throw TlsRefusalAnswer.Classify(answer.First) switch
            {
                TlsFailureAnswer.Http => new ParleyException(ParleyErrorKind.ProtocolError, AnsweredInHttp(address), ex),
                TlsFailureAnswer.PlainParley => new ParleyException(
                    ParleyErrorKind.ConnectionFailed,
                    $"no TLS connection with {address}: it answered in plain TCP, as a Parley server started with --insecure does; "
                    + "connect with --insecure to use it anyway (anyone on the path can then read and change everything)",
                    ex),
                TlsFailureAnswer.Nothing => new ParleyException(
                    ParleyErrorKind.ConnectionFailed,
                    $"no TLS connection with {address}: {ex.Message} (the server closed the connection before TLS; "
                    + "a Parley server does so when it refuses many connections at once: too many in all or from your address; try again later)",
                    ex),
                _ => new ParleyException(ParleyErrorKind.ConnectionFailed, $"no TLS connection with {address}: {ex.Message}", ex),
            };
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Outside the try: a pin that cannot be written is that error, not a failed TLS handshake.
        trust.Remember();
        return (tls, binding);
    }

    /// <summary>
    /// Applies the read cap from now on. Called when video starts streaming, so that the handshake and
    /// requests before it are not slowed by a cap meant for the video (a tight one would time the login out).
    /// </summary>
    public void LimitReads() => _limitedReads?.Engage();

    /// <summary>The "PRLY" preamble and the first frame, in one write.</summary>
    public Task SendPreambleAndAsync(ClientFrame first, CancellationToken ct) => WriteAsync(() => first, preamble: true, ct);

    /// <summary>
    /// Sends one frame. Cancelling <paramref name="ct"/> ends the wait; once the frame's turn has come
    /// it is still sent whole, so the frames of other senders stay readable.
    /// </summary>
    /// <exception cref="ParleyException">Disconnected: the connection is gone.</exception>
    public Task SendAsync(ClientFrame frame, CancellationToken ct) => WriteAsync(() => frame, preamble: false, ct);

    /// <summary>
    /// Sends the frame <paramref name="build"/> makes once this sender's turn has come (so a request id taken in it
    /// is written in the order ids were taken); otherwise as <see cref="SendAsync(ClientFrame, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="ParleyException">Disconnected: the connection is gone.</exception>
    /// <exception cref="FrameTooLargeException">The frame built is larger than the server accepts (nothing was sent).</exception>
    public Task SendAsync(Func<ClientFrame> build, CancellationToken ct) => WriteAsync(build, preamble: false, ct);

    /// <summary>The next server frame; null when the server closed the connection.</summary>
    /// <exception cref="ProtocolViolationException">The server broke the framing or sent an unreadable body.</exception>
    /// <exception cref="IOException">The connection failed.</exception>
    public async ValueTask<ServerFrame?> ReadFrameAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!_anyFrameRead)
            {
                ThrowIfHttp(buffer);
            }

            if (FrameCodec.TryReadFrame(ref buffer, MaxIncomingFrameBytes, out var body))
            {
                ServerFrame frame;
                try
                {
                    // Not FrameCodec.ParseServerFrame: a frame type added after this client was written
                    // parses as an empty body, and the caller ignores it instead of failing.
                    if (!SegmentChunkFrameReader.TryRead(body, pooled: true, out var chunk))
                    {
                        chunk = ServerFrame.Parser.ParseFrom(body);
                    }

                    frame = chunk;
                }
                catch (InvalidProtocolBufferException ex)
                {
                    throw new ProtocolViolationException(ErrorCode.MalformedFrame, "the server sent an unreadable frame: " + ex.Message);
                }
                finally
                {
                    _reader.AdvanceTo(buffer.Start);
                }

                _anyFrameRead = true;
                Volatile.Write(ref _lastReceivedMs, Environment.TickCount64);
                return frame;
            }

            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                if (!buffer.IsEmpty)
                {
                    throw new IOException("the server closed the connection in the middle of a frame");
                }

                return null;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// An HTTP server (the HLS port, say) answers our preamble with "HTTP/1.1 400", whose first four bytes
    /// read as a length prefix of over a gigabyte: name the real mistake instead of the frame limit.
    /// </summary>
    private void ThrowIfHttp(ReadOnlySequence<byte> buffer)
    {
        var http = "HTTP"u8;
        if (buffer.Length < http.Length)
        {
            return;
        }

        Span<byte> start = stackalloc byte[http.Length];
        buffer.Slice(0, http.Length).CopyTo(start);
        if (start.SequenceEqual(http))
        {
            throw new ProtocolViolationException(ErrorCode.MalformedFrame, AnsweredInHttp(_address));
        }
    }

    private static string AnsweredInHttp(ServerAddress address) =>
        $"{address} answered in HTTP, not the Parley protocol (is that the HLS port? the Parley port is {ProtocolConstants.DefaultPort} by default)";

    /// <summary>Stops sending (TCP half-close) so the server sees the end of our stream.</summary>
    public void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing to shut down.
        }
    }

    /// <summary>Cuts the connection both ways at once (a server gone silent): the read loop then sees it end.</summary>
    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // A flush the peer is not reading would otherwise hold the write lock for ever.
        await _closing.CancelAsync().ConfigureAwait(false);
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            // Each frame is flushed whole before the lock is released, so anything still buffered is the
            // rest of a frame whose flush failed: completing with that failure drops it instead of sending it.
            await _writer.CompleteAsync(_writeFailure).ConfigureAwait(false);
            await _reader.CompleteAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        // No flush can be using it now: a sender that gets the lock after this sees _disposed first.
        // The lock itself is not disposed, so a sender still waiting for it gets Gone, not ObjectDisposedException.
        _closing.Dispose();
    }

    private async Task WriteAsync(Func<ClientFrame> build, bool preamble, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _disposed) != 0 || _writeFailure is not null)
            {
                throw Gone(_writeFailure);
            }

            var frame = build();
            var size = frame.CalculateSize();
            if (size > MaxOutgoingFrameBytes)
            {
                throw new FrameTooLargeException(size, MaxOutgoingFrameBytes);
            }

            if (preamble)
            {
                _writer.Write(ProtocolConstants.Preamble);
            }

            FrameCodec.WriteFrame(_writer, frame);
            Volatile.Write(ref _lastSentMs, Environment.TickCount64);
        }
        catch (Exception ex) when (ex is not ParleyException and not FrameTooLargeException)
        {
            _writeFailure = ex;
            _writeLock.Release();
            throw Gone(ex);
        }
        catch
        {
            _writeLock.Release();
            throw;
        }

        // Not flushed with ct: a flush cancelled part-way would leave the frame's sent half in the pipe,
        // sent again in front of the next frame. The flush goes on without this caller if it stops waiting.
        var failure = await FlushThenReleaseAsync().WaitAsync(ct).ConfigureAwait(false);
        if (failure is not null)
        {
            throw Gone(failure);
        }
    }

    /// <returns>Null once the frame is on its way; otherwise why the connection was torn down.</returns>
    private async Task<Exception?> FlushThenReleaseAsync()
    {
        try
        {
            var flushed = await _writer.FlushAsync(_closing.Token).ConfigureAwait(false);
            return flushed.IsCompleted || flushed.IsCanceled ? TearDown(new IOException("the connection closed while sending")) : null;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            return TearDown(ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Part of a frame may have gone out: the server cannot read anything sent after it, so nothing more is.</summary>
    private Exception TearDown(Exception failure)
    {
        _writeFailure = failure;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        return failure;
    }

    private static ParleyException Gone(Exception? inner) =>
        new(ParleyErrorKind.Disconnected, "the connection to the server is closed", inner);
}
