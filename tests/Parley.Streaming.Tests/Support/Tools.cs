using System.Diagnostics;
using System.Text;

namespace Parley.Streaming.Tests.Support;

/// <summary>Runs real processes (ffmpeg, ffprobe, ./parley) and collects what they print.</summary>
internal static class Tools
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        process.StandardInput.Close();
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in time; stderr: {await stderr}");
        }

        await copyOut;
        return new ProcessResult(process.ExitCode, stdout.ToArray(), await stderr);
    }

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The full path of <paramref name="name"/> in this process's PATH.</summary>
    public static string OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(name + " is not on PATH");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Parley.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Parley.slnx not found above " + AppContext.BaseDirectory);
    }
}

public sealed record ProcessResult(int ExitCode, byte[] StandardOutput, string StandardError)
{
    public string Output => Encoding.UTF8.GetString(StandardOutput);

    public override string ToString() => $"exit {ExitCode}; stdout: {Output}; stderr: {StandardError}";
}
