namespace Parley.Cli.Tests.Support;

/// <summary>
/// Builds the CLI once for the whole test run through the launcher itself (./parley --version),
/// so no test pays for, or races, the build.
/// </summary>
internal static class CliBuild
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
