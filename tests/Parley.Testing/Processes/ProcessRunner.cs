namespace Parley.Testing;

/// <summary>Runs real tools (ffmpeg, ffprobe, mkfifo, ./parley) to the end and collects what they print.</summary>
public static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs <paramref name="fileName"/> with its input closed (in the repository root unless told otherwise); killed if it outlives the timeout.</summary>
    public static async Task<ProcessRun> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        using var process = RunningProcess.Start(fileName, arguments, environment, workingDirectory);
        return await process.WaitForRunAsync(timeout ?? DefaultTimeout);
    }

    /// <summary>The full path of <paramref name="name"/> in this process's PATH.</summary>
    public static string OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(name + " is not on PATH");
}
