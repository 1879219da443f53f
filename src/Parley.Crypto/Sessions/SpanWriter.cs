using System.Buffers.Binary;

namespace Parley.Crypto.Sessions;

/// <summary>Writes big-endian fields into a buffer sized exactly beforehand.</summary>
internal ref struct SpanWriter(Span<byte> buffer)
{
    private Span<byte> _rest = buffer;

    public readonly int Remaining => _rest.Length;

    public void Byte(byte value)
    {
        _rest[0] = value;
        _rest = _rest[1..];
    }

    public void UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_rest, value);
        _rest = _rest[2..];
    }

    public void UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_rest, value);
        _rest = _rest[4..];
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_rest, value);
        _rest = _rest[8..];
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_rest);
        _rest = _rest[value.Length..];
    }
}
