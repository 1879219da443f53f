using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;

namespace Parley.Protocol.Tests.Properties;

/// <summary>
/// Frame bodies an attacker could send: random bytes, and valid bodies of every kind with bytes flipped,
/// inserted, removed or cut off (random bytes alone rarely get past the first tag).
/// </summary>
public static class HostileBytes
{
    public static Gen<byte[]> Bodies { get; } = Gen.Frequency(
        (1, ArbMap.Default.GeneratorFor<byte[]>()),
        (3, ValidBodies().SelectMany(Mutated)));

    private static Gen<byte[]> ValidBodies()
    {
        var client = Gen.Elements(WireGenerators.ClientFrameKindNames)
            .SelectMany(WireGenerators.ClientFrameOf).Select(f => f.ToByteArray());
        var server = Gen.Elements(WireGenerators.ServerFrameKindNames)
            .SelectMany(WireGenerators.ServerFrameOf).Select(f => f.ToByteArray());
        var chunk = WireGenerators.Unsigned64.Zip(WireGenerators.Bytes).Select(c =>
        {
            var frame = new byte[ProtocolConstants.LengthPrefixBytes + SegmentChunkFrame.BodySize(c.Item1, 0, c.Item1, c.Item2.Length, true)];
            SegmentChunkFrame.Write(frame, c.Item1, 0, c.Item1, c.Item2.Span, true);
            return frame[ProtocolConstants.LengthPrefixBytes..];
        });
        return Gen.OneOf(client, server, chunk);
    }

    private static Gen<byte[]> Mutated(byte[] body)
    {
        if (body.Length == 0)
        {
            return Gen.Constant(body);
        }

        var at = Gen.Choose(0, body.Length - 1);
        var anyByte = Gen.Choose(0, 255).Select(b => (byte)b);
        var flip = at.Zip(anyByte).Select(c =>
        {
            var copy = (byte[])body.Clone();
            copy[c.Item1] = c.Item2;
            return copy;
        });
        var insert = at.Zip(anyByte).Select(c => (byte[])[.. body[..c.Item1], c.Item2, .. body[c.Item1..]]);
        var remove = at.Select(i => (byte[])[.. body[..i], .. body[(i + 1)..]]);
        var cut = at.Select(i => body[..i]);
        return Gen.OneOf(flip, insert, remove, cut).SelectMany(first => Gen.Elements(true, false).SelectMany(again => again ? Mutated(first) : Gen.Constant(first)));
    }
}
