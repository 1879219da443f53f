using FsCheck;
using FsCheck.Fluent;

namespace Parley.Protocol.Tests.Properties;

/// <summary>Runs a property for one test row and fails the test with FsCheck's shrunk counterexample.</summary>
internal static class PropertyRuns
{
    public static void Check<T>(Gen<T> gen, Action<T> property, int maxTest = 100) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest), Prop.ForAll(gen.ToArbitrary(), property));
}
