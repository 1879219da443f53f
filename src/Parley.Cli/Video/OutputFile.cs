using System.Security.Cryptography;

namespace Parley.Cli.Video;

/// <summary>
/// Where `play --output FILE` writes. Symlinks are followed to their final target. A target that is a
/// device, FIFO or socket is written straight into (replacing it would destroy it, and a reader may be
/// waiting on it). A regular or new file is written beside the target under a temporary name of its
/// own and moved over it at the end, so a failed play leaves neither a half file nor a changed one.
/// </summary>
internal sealed class OutputFile
{
    private const int BufferBytes = 1 << 16;
    private const int TemporaryNameAttempts = 5;

    private OutputFile(string path, string target, bool special)
    {
        Path = path;
        Target = target;
        IsSpecial = special;
    }

    /// <summary>The path as the user gave it, for messages.</summary>
    public string Path { get; }

    /// <summary>The full path written: <see cref="Path"/> with its symlinks followed.</summary>
    public string Target { get; }

    /// <summary>An existing device, FIFO or socket, written in place.</summary>
    public bool IsSpecial { get; }

    /// <summary>Follows <paramref name="path"/>'s symlinks and checks that a file can be written there.</summary>
    /// <param name="problem">Otherwise, one line naming <paramref name="path"/> and what is wrong.</param>
    public static bool TryResolve(string path, out OutputFile file, out string problem)
    {
        file = null!;
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(path))
        {
            problem = "--output must name a file, or - for stdout";
            return false;
        }

        string target;
        try
        {
            target = System.IO.Path.GetFullPath(path);
            if (new FileInfo(target).LinkTarget is not null)
            {
                target = File.ResolveLinkTarget(target, returnFinalTarget: true)?.FullName ?? target;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"--output {path}: {ex.Message}";
            return false;
        }

        var linked = target != System.IO.Path.GetFullPath(path);
        var via = linked ? $" (a link to {target})" : string.Empty;
        if (Directory.Exists(target))
        {
            problem = $"--output {path}{via} is a folder; name a file in it, such as {System.IO.Path.Combine(path, "video.ts")}";
            return false;
        }

        var folder = System.IO.Path.GetDirectoryName(target);
        if (folder is null || !Directory.Exists(folder))
        {
            problem = linked
                ? $"--output {path} is a link to {target}, whose folder does not exist"
                : $"--output {path}: there is no folder {System.IO.Path.GetDirectoryName(path)}";
            return false;
        }

        file = new OutputFile(path, target, FileKind.IsSpecial(target));
        return true;
    }

    /// <summary>Runs <paramref name="write"/> on a stream into the target; a regular file is replaced only once it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<Stream, Task<T>> write)
    {
        if (IsSpecial)
        {
            // No lock (FileShare.ReadWrite): a device is shared by nature. Unbuffered, so a reader that
            // went away is noticed by the write that failed, not by a flush on the way out.
            await using var device = new FileStream(Target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            return await write(device);
        }

        var (temporary, stream) = CreateTemporary();
        try
        {
            T result;
            await using (stream)
            {
                result = await write(stream);
                await stream.FlushAsync();
            }

            File.Move(temporary, Target, overwrite: true);
            return result;
        }
        finally
        {
            // Only ever the file this run created (CreateNew); after the move there is nothing left to delete.
            File.Delete(temporary);
        }
    }

    /// <summary>FILE.part, or FILE.RANDOM.part when something else holds that name: never someone else's file.</summary>
    private (string Path, FileStream Stream) CreateTemporary()
    {
        var name = Target + ".part";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (name, new FileStream(name, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true));
            }
            catch (IOException) when (attempt < TemporaryNameAttempts && (System.IO.Path.Exists(name) || new FileInfo(name).LinkTarget is not null))
            {
                name = $"{Target}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.part";
            }
        }
    }
}
