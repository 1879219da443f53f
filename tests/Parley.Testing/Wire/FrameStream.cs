using System.Buffers.Binary;
using System.Net.Sockets;
using Google.Protobuf;
using Parley.Protocol;

namespace Parley.Testing;

/// <summary>
/// Parley frames (a 4-byte big-endian length, then a protobuf body) over one TCP connection, written and read
/// by hand: over the socket itself, or over a stream on it (TLS).
/// </summary>
public sealed class FrameStream(Socket socket, Stream? stream = null) : IAsyncDisposable
{
    private readonly Stream _stream = stream ?? new NetworkStream(socket, ownsSocket: true);
    private readonly SemaphoreSlim _writing = new(1, 1);

    public Socket Socket => socket;

    public Stream Stream => _stream;

    public async Task SendBytesAsync(ReadOnlyMemory<byte> bytes)
    {
        await _writing.WaitAsync();
        try
        {
            await _stream.WriteAsync(bytes);
        }
        finally
        {
            _writing.Release();
        }
    }

    public Task SendAsync(IMessage frame) => SendBytesAsync(FrameCodec.ToFrameBytes(frame));

    /// <summary>The next frame; null once the other side closed or reset the connection.</summary>
    public async Task<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken ct = default)
        where T : class, IMessage<T>
    {
        try
        {
            return await ReadBodyAsync(ct) is { } body ? parser.ParseFrom(body) : null;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The next frame's body; null when the other side closed the connection between frames. A connection
    /// that ends inside a frame throws <see cref="IOException"/>.
    /// </summary>
    public async Task<byte[]?> ReadBodyAsync(CancellationToken ct = default)
    {
        var prefix = new byte[ProtocolConstants.LengthPrefixBytes];
        var read = await _stream.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, ct);
        if (read == 0)
        {
            return null;
        }

        if (read < prefix.Length)
        {
            throw new IOException("the connection ended inside a length prefix");
        }

        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(prefix)];
        await _stream.ReadExactlyAsync(body, ct);
        return body;
    }

    public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken ct = default)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer, ct);
        return buffer;
    }

    /// <summary>Closes the connection at once with a reset, as a crashed peer would.</summary>
    public void Abort()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        socket.Dispose();
        _writing.Dispose();
    }
}
