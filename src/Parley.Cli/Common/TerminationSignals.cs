using System.Runtime.InteropServices;

namespace Parley.Cli.Common;

/// <summary>
/// Turns the first Ctrl+C (SIGINT) or SIGTERM into a cancellation, remembering which one came so
/// the command can exit 130 or 143. A second signal is left to terminate the process as usual.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _exitCode;

    public TerminationSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, ExitCodes.Interrupted));
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, ExitCodes.Terminated));
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>130 after Ctrl+C, 143 after SIGTERM, 0 when no signal came.</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    public bool Signalled => ExitCode != 0;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context, int exitCode)
    {
        if (Interlocked.CompareExchange(ref _exitCode, exitCode, 0) != 0)
        {
            return;
        }

        context.Cancel = true;
        _cancellation.Cancel();
    }
}
