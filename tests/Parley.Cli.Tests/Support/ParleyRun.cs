namespace Parley.Cli.Tests.Support;

/// <summary>How a finished ./parley process ended: its exit code, and its output as lines and byte for byte.</summary>
internal sealed record ParleyRun(
    int ExitCode,
    IReadOnlyList<string> Stdout,
    IReadOnlyList<string> Stderr,
    byte[] StdoutBytes,
    byte[] StderrBytes)
{
    public override string ToString() =>
        $"exit {ExitCode}\nstdout:\n{string.Join('\n', Stdout)}\nstderr:\n{string.Join('\n', Stderr)}";
}
