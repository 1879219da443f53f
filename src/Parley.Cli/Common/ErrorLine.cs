using Parley.Cli.Output;

namespace Parley.Cli.Common;

/// <summary>
/// How commands report problems: one line on stderr, prefixed with the program name. The message
/// may quote the server or a peer: it is made safe to print here.
/// </summary>
internal static class ErrorLine
{
    public static void Error(string message) => Terminal.Error.Line("parley: " + OneLine(message));

    /// <summary>A problem that does not stop the command: one line on stderr.</summary>
    public static void Warning(string message) => Terminal.Error.Line("parley: warning: " + OneLine(message));

    /// <summary>Something the user should know that is not a problem: one line on stderr.</summary>
    public static void Notice(string message) => Terminal.Error.Line("parley: " + OneLine(message));

    public static int Fail(string message, int exitCode = ExitCodes.Error)
    {
        Error(message);
        return exitCode;
    }

    // Tabs too: System.CommandLine lists allowed values on tab-indented lines.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
