using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Http;

/// <summary>
/// The HMAC key video URLs are signed with, kept in <c>&lt;data&gt;/hls-token.key</c> (32 random bytes,
/// owner-only 0600 on Unix) so URLs handed out before a restart keep working after it. A missing file
/// is created; a file that is not exactly 32 bytes, or that grants group or others any permission, is
/// replaced by a new key with a warning: URLs handed out earlier then get 403 and must be asked for
/// again, which is all a lost key costs. On a file system that keeps no Unix modes the key is kept
/// with a warning instead, so it is not replaced on every start.
/// </summary>
internal static class HlsTokenKey
{
    public const string FileName = "hls-token.key";
    public const int KeyBytes = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Permissions that let someone other than the owner at the key; the owner's execute bit does not.</summary>
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <exception cref="IOException">The data directory cannot be read or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The key file cannot be read or written.</exception>
    public static byte[] LoadOrCreate(string dataDirectory, ILogger logger)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return Create(path, logger);
        }

        // Checked before reading, so a huge file or a device is never read whole.
        if (file.Length != KeyBytes)
        {
            logger.TokenKeyWrongLength(path, file.Length, KeyBytes);
            return Create(path, logger);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOthers) != 0)
        {
            if (!KeepsUnixModes(path))
            {
                WarnModesIgnored(path, logger);
            }
            else
            {
                logger.TokenKeyTooOpen(path);
                return Create(path, logger);
            }
        }

        var key = File.ReadAllBytes(path);
        return key.Length == KeyBytes ? key : Create(path, logger);
    }

    // Written to a temporary owner-only file and renamed into place, so a crash never leaves a short key behind.
    private static byte[] Create(string path, ILogger logger)
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

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOthers) != 0)
        {
            WarnModesIgnored(path, logger);
        }

        return key;
    }

    /// <summary>Whether the file system holding <paramref name="path"/> keeps the owner-only mode it is given.</summary>
    [UnsupportedOSPlatform("windows")]
    private static bool KeepsUnixModes(string path)
    {
        try
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // Not ours to change: replacing it is the safe answer.
        }

        return (File.GetUnixFileMode(path) & GroupOrOthers) == 0;
    }

    [UnsupportedOSPlatform("windows")]
    private static void WarnModesIgnored(string path, ILogger logger) =>
        logger.TokenKeyModesIgnored(path, Convert.ToString((int)File.GetUnixFileMode(path), 8));
}
