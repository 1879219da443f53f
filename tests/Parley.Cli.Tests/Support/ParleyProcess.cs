using System.Diagnostics;

namespace Parley.Cli.Tests.Support;

/// <summary>One ./parley process with its output collected byte for byte and as lines; killed on dispose if still running.</summary>
internal sealed class ParleyProcess : IDisposable
{
    private readonly Process _process;
    private readonly CapturedOutput _stdout = new();
    private readonly CapturedOutput _stderr = new();

    private ParleyProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public IReadOnlyList<string> StdoutLines => _stdout.Lines;

    public IReadOnlyList<string> StderrLines => _stderr.Lines;

    /// <summary>What the process wrote to stdout so far, byte for byte.</summary>
    public byte[] StdoutBytes => _stdout.Bytes;

    /// <summary>What the process wrote to stderr so far, byte for byte.</summary>
    public byte[] StderrBytes => _stderr.Bytes;

    public string Stdout => string.Join('\n', StdoutLines);

    public string Stderr => string.Join('\n', StderrLines);

    public bool HasExited => _process.HasExited;

    /// <summary>Runs to completion and returns the exit code with the output.</summary>
    public static async Task<ParleyRun> RunAsync(string workingDirectory, params string[] args) =>
        await RunWithInputAsync(workingDirectory, null, args);

    public static async Task<ParleyRun> RunWithInputAsync(string workingDirectory, string? stdin, params string[] args)
    {
        await CliBuild.EnsureBuiltAsync();
        using var process = Start(args, workingDirectory, redirectStdin: stdin is not null);
        if (stdin is not null)
        {
            await process.WriteStdinAndCloseAsync(stdin);
        }

        var exit = await process.WaitForExitAsync(Deadline.Default);
        return new ParleyRun(exit, process.StdoutLines, process.StderrLines, process.StdoutBytes, process.StderrBytes);
    }

    public static async Task<ParleyProcess> StartAsync(string workingDirectory, params string[] args)
    {
        await CliBuild.EnsureBuiltAsync();
        return Start(args, workingDirectory);
    }

    /// <param name="environment">Extra environment variables (PARLEY_* are otherwise removed).</param>
    public static ParleyProcess Start(
        IEnumerable<string> args,
        string workingDirectory,
        bool redirectStdin = false,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(RepoRoot.Launcher)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Only what the test passes may configure the program.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PARLEY_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var wrapper = new ParleyProcess(process);
        process.Start();
        _ = Task.Run(() => wrapper._stdout.CollectAsync(process.StandardOutput.BaseStream));
        _ = Task.Run(() => wrapper._stderr.CollectAsync(process.StandardError.BaseStream));
        return wrapper;
    }

    /// <summary>Writes one line to the process's input (started with redirectStdin), keeping it open.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async Task WriteStdinAndCloseAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        _process.StandardInput.Close();
    }

    public Task<string> WaitForStdoutAsync(Func<string, bool> match, string what) =>
        Deadline.UntilAsync(() => StdoutLines.FirstOrDefault(match), () => $"{what} on stdout; stdout so far:\n{Stdout}\nstderr:\n{Stderr}");

    public Task<string> WaitForStderrAsync(Func<string, bool> match, string what) =>
        Deadline.UntilAsync(() => StderrLines.FirstOrDefault(match), () => $"{what} on stderr; stderr so far:\n{Stderr}");

    /// <summary>Waits for the exit (and the end of its output) and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(_stdout.Closed, _stderr.Closed).WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"./parley {string.Join(' ', _process.StartInfo.ArgumentList)} did not exit; stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends a POSIX signal (e.g. "INT", "TERM") the way a terminal or service manager would.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
