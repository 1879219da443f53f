using System.Text;

namespace Parley.Testing;

/// <summary>
/// Everything a process wrote to one of its output streams, byte for byte (so a test can look for
/// raw escape bytes or a bare carriage return), and the same as lines split at '\n'.
/// </summary>
public sealed class CapturedOutput
{
    private readonly List<byte> _bytes = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Closed => _closed.Task;

    public byte[] Bytes
    {
        get
        {
            lock (_bytes)
            {
                return [.. _bytes];
            }
        }
    }

    /// <summary>Complete lines (and, once the stream closed, an unterminated last one), without their "\n" or "\r\n".</summary>
    public IReadOnlyList<string> Lines => SplitLines(Bytes, _closed.Task.IsCompleted);

    /// <summary>The lines of <paramref name="bytes"/>; an unterminated last line counts only once the stream is <paramref name="closed"/>.</summary>
    public static IReadOnlyList<string> SplitLines(byte[] bytes, bool closed)
    {
        var lines = Encoding.UTF8.GetString(bytes).Split('\n').ToList();
        if (!closed || lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines.Select(line => line.EndsWith('\r') ? line[..^1] : line).ToList();
    }

    /// <summary>Copies <paramref name="source"/> until it ends.</summary>
    public async Task CollectAsync(Stream source)
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                lock (_bytes)
                {
                    _bytes.AddRange(buffer.AsSpan(0, read));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process is gone: what it wrote is all there is.
        }
        finally
        {
            _closed.TrySetResult();
        }
    }
}
