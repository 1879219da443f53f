using System.Diagnostics;

namespace Parley.Bench.Processes;

/// <summary>
/// Every child process the bench starts (servers under test), so that they die with it: on normal
/// exit, on Ctrl+C or SIGTERM (the scenario's own cleanup runs), and on an unhandled crash.
/// </summary>
internal static class ChildProcesses
{
    private static readonly Lock s_gate = new();
    private static readonly HashSet<Process> s_running = [];

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
    }

    public static Process Start(ProcessStartInfo startInfo)
    {
        var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"could not start {startInfo.FileName}");
        lock (s_gate)
        {
            s_running.Add(process);
        }

        return process;
    }

    /// <summary>Kills the process and everything it started, then forgets it.</summary>
    public static void Kill(Process process)
    {
        lock (s_gate)
        {
            s_running.Remove(process);
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    public static void KillAll()
    {
        Process[] all;
        lock (s_gate)
        {
            all = [.. s_running];
        }

        foreach (var process in all)
        {
            Kill(process);
        }
    }
}
