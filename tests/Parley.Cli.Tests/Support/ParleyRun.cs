namespace Parley.Cli.Tests.Support;

/// <summary>How a finished ./parley process ended.</summary>
internal sealed record ParleyRun(int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)
{
    public override string ToString() =>
        $"exit {ExitCode}\nstdout:\n{string.Join('\n', Stdout)}\nstderr:\n{string.Join('\n', Stderr)}";
}
