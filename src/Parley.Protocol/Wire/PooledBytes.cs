using System.Buffers;
using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Parley.Protocol.Wire;

/// <summary>
/// Bytes in an array rented from <see cref="ArrayPool{T}.Shared"/>, wrapped by a <see cref="ByteString"/>
/// without a copy. Whoever consumes the bytes last hands the array back with <see cref="Return"/>; bytes
/// never returned are simply collected. Only <see cref="SegmentChunkFrameReader"/> makes them.
/// </summary>
public sealed class PooledBytes : MemoryManager<byte>
{
    private readonly int _length;
    private byte[]? _array;

    private PooledBytes(int length)
    {
        _length = length;
        _array = ArrayPool<byte>.Shared.Rent(length);
    }

    internal static PooledBytes Rent(int length) => new(length);

    /// <summary>
    /// Gives the array behind <paramref name="bytes"/> back to the pool if it is pooled (otherwise does
    /// nothing). Nothing may read <paramref name="bytes"/> afterwards: the array is reused.
    /// </summary>
    public static void Return(ByteString bytes)
    {
        if (MemoryMarshal.TryGetMemoryManager<byte, PooledBytes>(bytes.Memory, out var pooled))
        {
            ((IDisposable)pooled).Dispose();
        }
    }

    public override Span<byte> GetSpan() =>
        (_array ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsSpan(0, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _array, null) is { } array)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
