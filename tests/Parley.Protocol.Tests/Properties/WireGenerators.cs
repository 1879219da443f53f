using System.Collections;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Parley.Protocol.Messages;

namespace Parley.Protocol.Tests.Properties;

/// <summary>
/// FsCheck generators for every wire message, built from the protobuf descriptors so that a field added to
/// parley.proto is generated without touching this file: strings of any Unicode scalar values, byte strings
/// of any content, numbers at their extremes, enum values the schema does not know, nested and repeated messages.
/// </summary>
public static class WireGenerators
{
    private const int MaxDepth = 3;

    /// <summary>Names of the <c>ClientFrame.body</c> cases, for one test row per frame kind.</summary>
    public static TheoryData<string> ClientFrameKinds => Kinds(ClientFrame.Descriptor);

    public static TheoryData<string> ServerFrameKinds => Kinds(ServerFrame.Descriptor);

    public static string[] ClientFrameKindNames => KindNames(ClientFrame.Descriptor);

    public static string[] ServerFrameKindNames => KindNames(ServerFrame.Descriptor);

    /// <summary>Any Unicode scalar value (surrogate pairs included, lone surrogates not: UTF-8 cannot carry them).</summary>
    public static Gen<string> Text { get; } = Gen.Frequency(
        (3, Gen.Elements(string.Empty, "a", "alice", "Zoë", "名前", "\u0000", "\u202e", "a\u0301", "🙂", new string('x', 91))),
        (5, Gen.ArrayOf(Gen.Frequency(
                (4, Gen.Choose(0x20, 0x7E)),
                (1, Gen.Choose(0, 0x1F)),
                (2, Gen.Choose(0x80, 0xD7FF)),
                (1, Gen.Choose(0xE000, 0xFFFF)),
                (2, Gen.Choose(0x10000, 0x10FFFF))))
            .Select(codePoints => string.Concat(codePoints.Select(char.ConvertFromUtf32)))));

    public static Gen<ByteString> Bytes { get; } = Gen.Frequency(
        (1, Gen.Constant(ByteString.Empty)),
        (4, ArbMap.Default.GeneratorFor<byte[]>().Select(ByteString.CopyFrom)),
        (1, Gen.Choose(1000, 70_000).Select(n => ByteString.CopyFrom(Enumerable.Range(0, n).Select(i => (byte)i).ToArray()))));

    public static Gen<ulong> Unsigned64 { get; } = Gen.Frequency(
        (2, Gen.Elements<ulong>(0UL, 1UL, 127UL, 128UL, 16_383UL, 16_384UL, uint.MaxValue, (ulong)uint.MaxValue + 1, long.MaxValue, ulong.MaxValue - 1, ulong.MaxValue)),
        (3, ArbMap.Default.GeneratorFor<ulong>()),
        (1, Gen.Choose(0, 63).Select(shift => 1UL << shift)));

    public static Gen<long> Signed64 { get; } = Gen.Frequency(
        (1, Gen.Elements(0L, -1L, 1L, long.MinValue, long.MaxValue, int.MinValue)),
        (2, Unsigned64.Select(u => unchecked((long)u))));

    public static Gen<uint> Unsigned32 { get; } = Gen.Frequency(
        (1, Gen.Elements<uint>(0U, 1U, 127U, 128U, 65_536U, int.MaxValue, uint.MaxValue)),
        (2, Unsigned64.Select(u => (uint)u)));

    // Not -0.0: proto3 does not write a field equal to 0, so -0.0 reads back as 0.0 (its wire format, not a bug).
    public static Gen<double> Floating { get; } = Gen.Frequency(
        (1, Gen.Elements(0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, double.MinValue)),
        (2, ArbMap.Default.GeneratorFor<double>().Where(d => !double.IsNegative(d) || d != 0)));

    /// <summary>Any message of <paramref name="kind"/>'s case of <c>ClientFrame.body</c>.</summary>
    public static Gen<ClientFrame> ClientFrameOf(string kind) => FrameOf<ClientFrame>(ClientFrame.Descriptor, kind);

    public static Gen<ServerFrame> ServerFrameOf(string kind) => FrameOf<ServerFrame>(ServerFrame.Descriptor, kind);

    /// <summary>Any message of type <typeparamref name="T"/>, every field filled or left at its default.</summary>
    public static Gen<T> Message<T>()
        where T : IMessage<T>, new() =>
        MessageOf(new T().Descriptor, 0).Select(m => (T)m);

    private static Gen<T> FrameOf<T>(MessageDescriptor frame, string kind)
        where T : IMessage
    {
        var field = frame.Fields.InDeclarationOrder().Single(f => f.Name == kind);
        return MessageOf(field.MessageType, 0).Select(body =>
        {
            var message = (T)frame.Parser.ParseFrom(ByteString.Empty);
            field.Accessor.SetValue(message, body);
            return message;
        });
    }

    private static Gen<IMessage> MessageOf(MessageDescriptor descriptor, int depth)
    {
        var fields = descriptor.Fields.InDeclarationOrder();
        return Gen.CollectToArray(fields, field => Gen.Frequency((1, Gen.Constant<object?>(null)), (3, ValueOf(field, depth))))
            .Select(values =>
            {
                var message = descriptor.Parser.ParseFrom(ByteString.Empty);
                for (var i = 0; i < fields.Count; i++)
                {
                    if (values[i] is not { } value)
                    {
                        continue;
                    }

                    if (fields[i].IsRepeated)
                    {
                        var list = (IList)fields[i].Accessor.GetValue(message);
                        foreach (var item in ((IEnumerable)value).OfType<object>())
                        {
                            list.Add(item);
                        }
                    }
                    else
                    {
                        fields[i].Accessor.SetValue(message, value);
                    }
                }

                return message;
            });
    }

    private static Gen<object?> ValueOf(FieldDescriptor field, int depth)
    {
        if (field.IsRepeated)
        {
            if (depth >= MaxDepth)
            {
                return Gen.Constant<object?>(null);
            }

            var item = SingleValueOf(field, depth + 1);
            return Gen.Choose(0, 4).SelectMany(count => Gen.ArrayOf(item, count)).Select(items => (object?)items);
        }

        return SingleValueOf(field, depth);
    }

    private static Gen<object?> SingleValueOf(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => Text.Select(v => (object?)v),
        FieldType.Bytes => Bytes.Select(v => (object?)v),
        FieldType.UInt64 => Unsigned64.Select(v => (object?)v),
        FieldType.Int64 => Signed64.Select(v => (object?)v),
        FieldType.UInt32 => Unsigned32.Select(v => (object?)v),
        FieldType.Bool => Gen.Elements<object?>(true, false),
        FieldType.Double => Floating.Select(v => (object?)v),
        FieldType.Enum => Gen.Frequency(
                (4, Gen.Elements(field.EnumType.Values.Select(v => v.Number).ToArray())),
                (1, Gen.Elements(-1, 1000, int.MaxValue, int.MinValue)))
            .Select(n => (object?)Enum.ToObject(field.EnumType.ClrType, n)),
        FieldType.Message when depth < MaxDepth => MessageOf(field.MessageType, depth + 1).Select(v => (object?)v),
        FieldType.Message => Gen.Constant<object?>(null),
        _ => throw new NotSupportedException($"no generator for {field.FieldType} ({field.FullName}): add one"),
    };

    private static TheoryData<string> Kinds(MessageDescriptor frame) => new(KindNames(frame));

    private static string[] KindNames(MessageDescriptor frame) => [.. frame.Oneofs.Single().Fields.Select(f => f.Name)];
}
