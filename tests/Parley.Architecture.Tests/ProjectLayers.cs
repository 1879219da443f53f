namespace Parley.Architecture.Tests;

/// <summary>
/// The projects from the bottom up (docs/architecture.md). A project may reference only projects on a lower
/// level; projects on the same level never see each other.
/// </summary>
internal static class ProjectLayers
{
    public const string CommandLineAssembly = "parley";

    private static readonly Dictionary<string, int> s_levels = new(StringComparer.Ordinal)
    {
        ["Parley.Protocol"] = 0,
        ["Parley.Crypto"] = 1,
        ["Parley.Media"] = 1,
        ["Parley.Client"] = 2,
        ["Parley.Server"] = 2,
        [CommandLineAssembly] = 3,
    };

    public static IEnumerable<string> Projects => s_levels.Keys;

    public static bool TryGetLevel(string assemblyName, out int level) => s_levels.TryGetValue(assemblyName, out level);

    /// <summary>The project folder under src/ that builds an assembly.</summary>
    public static string ProjectFolder(string assemblyName) =>
        assemblyName == CommandLineAssembly ? "Parley.Cli" : assemblyName;
}
