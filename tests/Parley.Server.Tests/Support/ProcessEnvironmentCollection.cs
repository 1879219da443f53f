namespace Parley.Server.Tests.Support;

/// <summary>
/// Tests that set environment variables, which are process-wide: xunit runs this collection after the
/// parallel ones, alone, so no server another test starts meanwhile can read them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}
