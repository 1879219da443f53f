using System.Security.Cryptography;

namespace Parley.Cli.Video;

/// <summary>
/// Where `play --output FILE` writes. Symlinks are followed to their final target. A target that is a
/// device, FIFO or socket is written straight into (replacing it would destroy it, and a reader may be
/// waiting on it). A regular or new file is written beside the target under a temporary name of its
/// own and moved over it at the end, so a failed play leaves neither a half file nor a changed one; it
/// keeps the replaced file's permissions.
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
    /// <param name="ct">Stops waiting for a FIFO's reader to open it.</param>
    public async Task<T> WriteAsync<T>(Func<Stream, Task<T>> write, CancellationToken ct)
    {
        if (IsSpecial)
        {
            await using var device = await OpenSpecialAsync(ct);
            return await write(device);
        }

        var (temporary, stream) = CreateTemporary();
        var moved = false;
        try
        {
            T result;
            await using (stream)
            {
                KeepModeOfTarget(stream);
                result = await write(stream);
                await stream.FlushAsync(ct);
            }

            File.Move(temporary, Target, overwrite: true);
            moved = true;
            return result;
        }
        finally
        {
            if (!moved)
            {
                // Only ever the file this run created (CreateNew). Once moved, the name may be someone else's again.
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// Opening a FIFO for writing waits in open(2) until a reader opens it, and .NET has no way to open
    /// without waiting, so the open runs on a thread of its own. When <paramref name="ct"/> fires first,
    /// that thread stays blocked until a reader comes (then it closes what it opened) or the process exits.
    /// </summary>
    private async Task<FileStream> OpenSpecialAsync(CancellationToken ct)
    {
        // No lock (FileShare.ReadWrite): a device is shared by nature. Unbuffered, so a reader that
        // went away is noticed by the write that failed, not by a flush on the way out.
        var opening = Task.Factory.StartNew(
            () => new FileStream(Target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            return await opening.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            _ = opening.ContinueWith(
                static late =>
                {
                    if (late.IsCompletedSuccessfully)
                    {
                        late.Result.Dispose();
                    }
                    else
                    {
                        _ = late.Exception; // observed: nobody is waiting for it any more
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>
    /// Gives the new file the mode of the file it will replace, before any video is in it: the move
    /// replaces the file, and a private (0600) recording must not become readable by others (0644).
    /// </summary>
    private void KeepModeOfTarget(FileStream temporary)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(temporary.SafeFileHandle, File.GetUnixFileMode(Target));
        }
        catch (FileNotFoundException)
        {
            // A new file: the usual mode (umask) is right.
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
