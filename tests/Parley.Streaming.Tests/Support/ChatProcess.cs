using System.Diagnostics;

namespace Parley.Streaming.Tests.Support;

/// <summary>
/// `parley chat` against the shared server with its input piped and kept open: lines are typed one at
/// a time and what it prints is collected as lines. Killed on dispose if still running.
/// </summary>
internal sealed class ChatProcess : IDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChatProcess(Process process)
    {
        _process = process;
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts the chat as <paramref name="name"/> and waits for its welcome.</summary>
    /// <param name="environment">Extra variables, such as a PATH with a fake player first.</param>
    /// <param name="launcher">False runs the built program with dotnet, for a PATH without bash and coreutils.</param>
    public static async Task<ChatProcess> StartAsync(
        StreamingServer server, string name, IReadOnlyDictionary<string, string>? environment = null, bool launcher = true)
    {
        // The launcher rebuilds the program when the sources changed: once, before any chat's deadline runs.
        await LauncherBuild.EnsureBuiltAsync();
        var start = launcher
            ? new ProcessStartInfo(RepoRoot.Launcher)
            : new ProcessStartInfo(ProcessRunner.OnPath("dotnet")) { ArgumentList = { Path.Combine(RepoRoot.Path, ".build", "cli", "parley.dll") } };
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = RepoRoot.Path;
        foreach (var argument in new[] { "chat", "--server", server.Address, "--name", name })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PARLEY_HOME"] = server.Home;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var chat = new ChatProcess(new Process { StartInfo = start });
        chat._process.OutputDataReceived += (_, e) => chat.Collect(e.Data);
        chat._process.ErrorDataReceived += (_, e) => chat.Collect(e.Data);
        chat._process.Start();
        chat._process.BeginOutputReadLine();
        chat._process.BeginErrorReadLine();
        await chat.WaitForLineAsync(line => line == "type /help for commands", "the welcome");
        return chat;
    }

    public async Task TypeAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The first line (from the start) that matches.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what)
    {
        var until = DateTime.UtcNow + s_deadline;
        while (true)
        {
            if (Lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (DateTime.UtcNow > until || _outputClosed.Task.IsCompleted)
            {
                throw new TimeoutException($"chat never printed {what}; it printed:\n{string.Join('\n', Lines)}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(s_deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("chat did not exit; it printed:\n" + string.Join('\n', Lines));
        }

        return _process.ExitCode;
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

    private void Collect(string? line)
    {
        if (line is null)
        {
            _outputClosed.TrySetResult();
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
