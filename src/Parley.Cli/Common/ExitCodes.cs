namespace Parley.Cli.Common;

/// <summary>The process exit codes every parley command uses (documented in README.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int Usage = 2;
    public const int Timeout = 3;
    public const int Interrupted = 130;
    public const int Terminated = 143;
}
