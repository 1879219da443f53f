namespace Parley.Testing;

/// <summary>
/// Builds the command-line program once per test run through the launcher itself (./parley --version),
/// so no test pays for, or races, the build.
/// </summary>
public static class LauncherBuild
{
    private static readonly Lazy<Task> s_build = new(BuildAsync);

    public static Task EnsureBuiltAsync() => s_build.Value;

    private static async Task BuildAsync()
    {
        using var run = ParleyProcess.Start(["--version"], workingDirectory: RepoRoot.Path);
        var exit = await run.WaitForExitAsync(TimeSpan.FromMinutes(10));
        if (exit != 0)
        {
            throw new InvalidOperationException($"./parley --version failed ({exit}): {run.Stderr}");
        }
    }
}
