using System.Buffers.Binary;
using System.Net.Sockets;
using Google.Protobuf;
using Parley.Protocol;

namespace Parley.Cli.Tests.Support;

/// <summary>Parley frames (a 4-byte big-endian length, then a protobuf body) over one TCP connection, written by hand.</summary>
internal sealed class FrameStream(Socket socket) : IAsyncDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private readonly SemaphoreSlim _writing = new(1, 1);

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

    /// <summary>The next frame; null once the other side closed the connection.</summary>
    public async Task<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken ct = default)
        where T : class, IMessage<T>
    {
        var prefix = new byte[ProtocolConstants.LengthPrefixBytes];
        if (!await ReadExactlyOrEndAsync(prefix, ct))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(prefix)];
        return await ReadExactlyOrEndAsync(body, ct) ? parser.ParseFrom(body) : null;
    }

    public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken ct = default)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer, ct);
        return buffer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _writing.Dispose();
    }

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken ct)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, ct);
            return true;
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }
}
