using FsCheck;
using FsCheck.Fluent;

namespace Parley.Crypto.Tests;

/// <summary>What an attacker on the path can do to a message's bytes, as FsCheck generators.</summary>
internal static class ByteMutations
{
    public static readonly Gen<byte[]> AnyBytes = ArbMap.Default.GeneratorFor<byte[]>();

    /// <summary>
    /// <paramref name="original"/> itself now and then, or with one byte changed, inserted or removed, cut short,
    /// or with bytes appended; with <paramref name="orSomethingElse"/>, sometimes unrelated bytes instead.
    /// </summary>
    public static Gen<byte[]> Of(byte[] original, bool orSomethingElse = false)
    {
        var at = Gen.Choose(0, original.Length - 1);
        var anyByte = Gen.Choose(0, 255).Select(b => (byte)b);
        (int, Gen<byte[]>)[] mutations =
        [
            (1, Gen.Constant(original)),
            (4, at.Zip(anyByte).Select(c =>
            {
                var copy = (byte[])original.Clone();
                copy[c.Item1] = c.Item2;
                return copy;
            })),
            (2, at.Zip(anyByte).Select(c => (byte[])[.. original[..c.Item1], c.Item2, .. original[c.Item1..]])),
            (2, at.Select(i => (byte[])[.. original[..i], .. original[(i + 1)..]])),
            (1, at.Select(i => original[..i])),
            (1, AnyBytes.Select(tail => (byte[])[.. original, .. tail])),
        ];
        return Gen.Frequency(orSomethingElse ? [.. mutations, (1, AnyBytes)] : mutations);
    }
}
