using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Parley.Media.Tools;

/// <summary>
/// Runs ffmpeg/ffprobe as child processes at below-normal priority. Cancelling kills the whole
/// process tree, so shutdown never leaves an encoder behind.
/// </summary>
internal static class ToolRunner
{
    private const int MaxErrorChars = 16 * 1024;

    /// <param name="onOutputLine">When given, each stdout line goes here instead of into the result.</param>
    /// <exception cref="ToolNotFoundException">The executable could not be started.</exception>
    public static async Task<ToolResult> RunAsync(
        string tool,
        string executable,
        IEnumerable<string> arguments,
        string? workingDirectory,
        Action<string>? onOutputLine,
        CancellationToken ct)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ToolNotFoundException(tool, executable, e);
        }

        LowerPriority(process);
        process.StandardInput.Close();
        var output = new StringBuilder();
        var error = new StringBuilder();
        var readOutput = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (onOutputLine is null)
                {
                    output.AppendLine(line);
                }
                else
                {
                    onOutputLine(line);
                }
            }
        }, CancellationToken.None);
        var readError = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
            {
                error.AppendLine(line);
                if (error.Length > MaxErrorChars)
                {
                    error.Remove(0, error.Length - MaxErrorChars);
                }
            }
        }, CancellationToken.None);

        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        await Task.WhenAll(readOutput, readError);
        return new ToolResult(process.ExitCode, output.ToString(), error.ToString());
    }

    /// <summary>
    /// The last non-empty stderr line (what ffmpeg says went wrong), with <paramref name="inputPath"/>
    /// shortened to its file name so server paths do not reach users.
    /// </summary>
    public static string ErrorSummary(ToolResult result, string tool, string? inputPath)
    {
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return $"{tool} exited with code {result.ExitCode}";
        }

        var last = lines[^1];
        return inputPath is null ? last : last.Replace(inputPath, Path.GetFileName(inputPath), StringComparison.Ordinal);
    }

    /// <summary>Encodes are background work: chat traffic and the rest of the machine come first.</summary>
    private static void LowerPriority(Process process)
    {
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            // Exited already, or not permitted here; it runs at normal priority.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
