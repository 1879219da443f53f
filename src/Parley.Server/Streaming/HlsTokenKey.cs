using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Streaming;

/// <summary>
/// The HMAC key video URLs are signed with, kept in <c>&lt;data&gt;/hls-token.key</c> (32 random bytes,
/// owner-only 0600 on Unix) so URLs handed out before a restart keep working after it. A missing file
/// is created; a file of the wrong size, or one that others may read, is replaced by a new key with a
/// warning: URLs handed out earlier then get 403 and must be asked for again, which is all a lost key costs.
/// </summary>
internal static class HlsTokenKey
{
    public const string FileName = "hls-token.key";
    public const int KeyBytes = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <exception cref="IOException">The data directory cannot be read or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The key file cannot be read or written.</exception>
    public static byte[] LoadOrCreate(string dataDirectory, ILogger logger)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return Create(path);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            logger.LogWarning(
                "{Path} could be read by other users, so video URLs could be forged; made a new key (URLs handed out earlier no longer work)",
                path);
            return Create(path);
        }

        var key = File.ReadAllBytes(path);
        if (key.Length != KeyBytes)
        {
            logger.LogWarning(
                "{Path} holds {Length} bytes, not a {Expected}-byte key; made a new key (URLs handed out earlier no longer work)",
                path, key.Length, KeyBytes);
            return Create(path);
        }

        return key;
    }

    // Written to a temporary owner-only file and renamed into place, so a crash never leaves a short key behind.
    private static byte[] Create(string path)
    {
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using (var file = new FileStream(temporary, options))
            {
                file.Write(key);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return key;
    }
}
