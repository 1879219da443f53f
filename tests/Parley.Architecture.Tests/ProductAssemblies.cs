using System.Reflection;

namespace Parley.Architecture.Tests;

/// <summary>The product's assemblies, as built beside these tests (the command-line program pulls in every one).</summary>
internal static class ProductAssemblies
{
    public static IReadOnlyList<Assembly> All { get; } = Directory
        .EnumerateFiles(AppContext.BaseDirectory, "*.dll")
        .Select(Path.GetFileNameWithoutExtension)
        .Where(name => IsProduct(name!))
        .Select(name => Assembly.Load(name!))
        .OrderBy(assembly => assembly.GetName().Name, StringComparer.Ordinal)
        .ToList();

    public static Assembly Named(string name) =>
        All.SingleOrDefault(assembly => assembly.GetName().Name == name)
        ?? throw new InvalidOperationException($"{name}.dll is not beside the tests");

    public static bool IsProduct(string assemblyName) =>
        assemblyName == ProjectLayers.CommandLineAssembly
        || (assemblyName.StartsWith("Parley.", StringComparison.Ordinal)
            && !assemblyName.EndsWith(".Tests", StringComparison.Ordinal)
            && assemblyName != "Parley.Testing");
}
