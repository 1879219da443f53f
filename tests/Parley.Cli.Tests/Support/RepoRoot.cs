namespace Parley.Cli.Tests.Support;

/// <summary>The repository checkout the tests run from: where the ./parley launcher lives.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Launcher => System.IO.Path.Combine(Path, "parley");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Parley.slnx"))
                && File.Exists(System.IO.Path.Combine(dir.FullName, "parley")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no repository root (Parley.slnx and ./parley) above {AppContext.BaseDirectory}");
    }
}
