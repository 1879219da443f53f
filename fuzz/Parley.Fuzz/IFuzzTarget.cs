namespace Parley.Fuzz;

/// <summary>One fuzz target: code that takes network bytes, and the valid inputs its corpus starts from.</summary>
internal interface IFuzzTarget
{
    /// <summary>
    /// Feeds <paramref name="input"/> to the code under test. Throws only for a finding: any exception
    /// other than the documented rejection, or a hand-laid reader that disagrees with the generated parser.
    /// </summary>
    void Run(ReadOnlySpan<byte> input);

    /// <summary>Valid inputs, made at run time (nothing binary is committed).</summary>
    IEnumerable<(string Name, byte[] Bytes)> Seeds();
}
