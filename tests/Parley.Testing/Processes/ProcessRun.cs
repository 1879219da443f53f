using System.Text;

namespace Parley.Testing;

/// <summary>How a finished process ended: its exit code, and its output byte for byte, as text and as lines.</summary>
public sealed record ProcessRun(int ExitCode, byte[] StdoutBytes, byte[] StderrBytes)
{
    /// <summary>Standard output as lines, without their "\n" or "\r\n".</summary>
    public IReadOnlyList<string> Stdout => CapturedOutput.SplitLines(StdoutBytes, closed: true);

    /// <summary>Standard error as lines, without their "\n" or "\r\n".</summary>
    public IReadOnlyList<string> Stderr => CapturedOutput.SplitLines(StderrBytes, closed: true);

    public string StdoutText => Encoding.UTF8.GetString(StdoutBytes);

    public string StderrText => Encoding.UTF8.GetString(StderrBytes);

    public override string ToString() =>
        $"exit {ExitCode}\nstdout:\n{string.Join('\n', Stdout)}\nstderr:\n{string.Join('\n', Stderr)}";
}
