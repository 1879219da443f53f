using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// The memory Kestrel's connections read into and write from, in blocks of <see cref="BlockSize"/> instead of Kestrel's
/// own 4 KiB. Kestrel's socket transport receives into one block at a time, so its block size is the most one socket
/// read takes: with 4 KiB a read turn held about a dozen session-sized sends, and every read turn costs a receive
/// call, a read loop pass, a SendAcks and a wake per recipient (bench/README.md, issue 13 session 19). Blocks come from
/// <see cref="ArrayPool{T}.Shared"/> and go back when the pipe has consumed them; an idle connection holds none
/// (Kestrel waits for data before it takes a block, <c>SocketTransportOptions.WaitForDataBeforeAllocatingBuffer</c>).
/// Registered as the host's <see cref="IMemoryPoolFactory{T}"/>, which Kestrel's transports take their pool from.
/// </summary>
internal sealed class TransportMemoryPool : MemoryPool<byte>
{
    /// <summary>A whole batch of a pipelining sender's frames (e.g. 64 session messages of ~340 bytes) in one read.</summary>
    public const int BlockSize = 32 * 1024;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        return new Block(ArrayPool<byte>.Shared.Rent(BlockSize));
    }

    protected override void Dispose(bool disposing)
    {
        // Nothing held: every block belongs to ArrayPool<byte>.Shared.
    }

    private sealed class Block(byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array is { } array ? array.AsMemory(0, BlockSize) : throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } array)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }

    /// <summary>What the host registers: every pool Kestrel asks for is one of these (they share the array pool).</summary>
    public sealed class Factory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new TransportMemoryPool();
    }
}
