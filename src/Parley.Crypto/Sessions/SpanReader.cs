using System.Buffers.Binary;

namespace Parley.Crypto.Sessions;

/// <summary>Reads big-endian fields; running short or leaving bytes over is <see cref="SessionRejection.Malformed"/>.</summary>
internal ref struct SpanReader(ReadOnlySpan<byte> buffer)
{
    private ReadOnlySpan<byte> _rest = buffer;

    public readonly int Remaining => _rest.Length;

    public byte Byte() => Take(1)[0];

    public ushort UInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public byte[] Bytes(int count) => Take(count).ToArray();

    public ReadOnlySpan<byte> Span(int count) => Take(count);

    public readonly void End()
    {
        if (!_rest.IsEmpty)
        {
            throw new SessionRejectedException(SessionRejection.Malformed, $"{_rest.Length} bytes left over");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _rest.Length)
        {
            throw new SessionRejectedException(SessionRejection.Malformed, "the bytes end early");
        }

        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
