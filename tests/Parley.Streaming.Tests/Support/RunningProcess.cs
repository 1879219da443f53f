using System.Diagnostics;
using System.Globalization;

namespace Parley.Streaming.Tests.Support;

/// <summary>A process started and left running, to be signalled while it runs; killed on dispose if still running.</summary>
internal sealed class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<byte[]> _stdout;
    private readonly Task<string> _stderr;

    private RunningProcess(Process process)
    {
        _process = process;
        process.StandardInput.Close();
        _stdout = ReadAllAsync(process.StandardOutput.BaseStream);
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts ./parley with PARLEY_HOME set to the server's client home.</summary>
    public static RunningProcess Parley(StreamingServer server, IEnumerable<string> arguments) =>
        Start(Path.Combine(Tools.RepositoryRoot, "parley"), arguments, new Dictionary<string, string> { ["PARLEY_HOME"] = server.Home });

    /// <summary>Starts <paramref name="executable"/> in the repository root, its output collected and its input closed.</summary>
    public static RunningProcess Start(string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Tools.RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new RunningProcess(Process.Start(start) ?? throw new InvalidOperationException(executable + " did not start"));
    }

    /// <summary>Sends a POSIX signal ("INT", "TERM") as a terminal or service manager would.</summary>
    public async Task SignalAsync(string name)
    {
        var kill = await Tools.RunAsync("kill", ["-" + name, Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(kill.ExitCode == 0, kill.ToString());
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

    public async Task<ProcessResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} did not exit in time; stderr: {await _stderr}");
        }

        return new ProcessResult(_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
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
