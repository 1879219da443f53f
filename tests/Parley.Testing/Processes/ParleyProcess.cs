namespace Parley.Testing;

/// <summary>Runs the ./parley launcher (built once per test run) with only the PARLEY_* variables a test passes.</summary>
public static class ParleyProcess
{
    /// <summary>Runs to completion and returns the exit code with the output.</summary>
    public static async Task<ProcessRun> RunAsync(string workingDirectory, params string[] args) =>
        await RunWithInputAsync(workingDirectory, null, args);

    public static async Task<ProcessRun> RunWithInputAsync(string workingDirectory, string? stdin, params string[] args)
    {
        await LauncherBuild.EnsureBuiltAsync();
        using var process = Start(args, workingDirectory, redirectStdin: stdin is not null);
        if (stdin is not null)
        {
            await process.WriteStdinAndCloseAsync(stdin);
        }

        return await process.WaitForRunAsync(Deadline.Default);
    }

    public static async Task<RunningProcess> StartAsync(string workingDirectory, params string[] args)
    {
        await LauncherBuild.EnsureBuiltAsync();
        return Start(args, workingDirectory);
    }

    /// <param name="redirectStdin">Keeps the input open for <see cref="RunningProcess.WriteLineAsync"/>; otherwise it is the test run's own.</param>
    /// <param name="environment">Extra environment variables (PARLEY_* are otherwise removed).</param>
    public static RunningProcess Start(
        IEnumerable<string> args,
        string workingDirectory,
        bool redirectStdin = false,
        IReadOnlyDictionary<string, string>? environment = null) =>
        RunningProcess.Start(
            RepoRoot.Launcher,
            KnownTestServers.WithFingerprint(args),
            workingDirectory,
            redirectStdin ? StandardInput.Open : StandardInput.Inherited,
            environment,
            removeParleyVariables: true);
}
