namespace Parley.Testing;

/// <summary>The repository checkout the tests run from: where Parley.slnx and the ./parley launcher live.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    /// <summary>The ./parley launcher, which builds the command-line program when src/ changed.</summary>
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
