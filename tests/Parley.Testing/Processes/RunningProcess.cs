using System.Diagnostics;
using System.Globalization;

namespace Parley.Testing;

/// <summary>
/// A real process started and left running, its output collected byte for byte and as lines, to be
/// written to, signalled and waited for; killed (with its children) on dispose if still running.
/// </summary>
public sealed class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly CapturedOutput _stdout = new();
    private readonly CapturedOutput _stderr = new();

    private RunningProcess(Process process)
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

    /// <summary>Starts <paramref name="executable"/> (in the repository root unless told otherwise) with its input closed.</summary>
    public static RunningProcess Start(
        string executable,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null) =>
        Start(executable, arguments, workingDirectory ?? RepoRoot.Path, StandardInput.Closed, environment);

    /// <param name="removeParleyVariables">Removes the test run's own PARLEY_* variables, so only <paramref name="environment"/> configures the program.</param>
    public static RunningProcess Start(
        string executable,
        IEnumerable<string> arguments,
        string workingDirectory,
        StandardInput input,
        IReadOnlyDictionary<string, string>? environment = null,
        bool removeParleyVariables = false)
    {
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input != StandardInput.Inherited,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (removeParleyVariables)
        {
            foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PARLEY_", StringComparison.Ordinal)).ToList())
            {
                info.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var running = new RunningProcess(process);
        if (!process.Start())
        {
            throw new InvalidOperationException(executable + " did not start");
        }

        if (input == StandardInput.Closed)
        {
            process.StandardInput.Close();
        }

        _ = Task.Run(() => running._stdout.CollectAsync(process.StandardOutput.BaseStream));
        _ = Task.Run(() => running._stderr.CollectAsync(process.StandardError.BaseStream));
        return running;
    }

    /// <summary>Writes one line to the process's input (started with <see cref="StandardInput.Open"/>), keeping it open.</summary>
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
            throw new TimeoutException($"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} did not exit; stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits for the exit and returns the exit code with everything the process wrote.</summary>
    public async Task<ProcessRun> WaitForRunAsync(TimeSpan timeout)
    {
        var exit = await WaitForExitAsync(timeout);
        return new ProcessRun(exit, StdoutBytes, StderrBytes);
    }

    /// <summary>Sends a POSIX signal (e.g. "INT", "TERM") the way a terminal or service manager would.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>
    /// The names of its threads that sleep in the kernel function <paramref name="channel"/>
    /// (/proc/PID/task/TID/wchan), e.g. "wait_for_partner": in open(2) of a FIFO that has no other end yet.
    /// </summary>
    public IReadOnlyList<string> ThreadsWaitingIn(string channel)
    {
        try
        {
            return [.. Directory.EnumerateDirectories($"/proc/{Id}/task")
                .Where(task => ReadOrEmpty(Path.Combine(task, "wchan")) == channel)
                .Select(task => ReadOrEmpty(Path.Combine(task, "comm")).TrimEnd('\n'))];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
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

    private static string ReadOrEmpty(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException)
        {
            return string.Empty; // the thread ended meanwhile
        }
    }
}

/// <summary>What a started process reads as its standard input.</summary>
public enum StandardInput
{
    /// <summary>The test run's own input, as a command typed in a shell would have.</summary>
    Inherited,

    /// <summary>A pipe the test writes to with <see cref="RunningProcess.WriteLineAsync"/>.</summary>
    Open,

    /// <summary>A pipe closed at once: the process reads end-of-file.</summary>
    Closed,
}
