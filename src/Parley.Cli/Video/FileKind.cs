using System.Runtime.InteropServices;

namespace Parley.Cli.Video;

/// <summary>What kind of thing a path names, following symlinks: .NET reports devices and FIFOs as plain files.</summary>
internal static class FileKind
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    /// <summary>
    /// True when <paramref name="path"/> exists and is not a regular file or a folder (a character or block
    /// device, a FIFO, a socket). False where this cannot be told (not Linux): such a path is treated as a file.
    /// </summary>
    public static bool IsSpecial(string path)
    {
        if (!OperatingSystem.IsLinux() || Directory.Exists(path))
        {
            return false;
        }

        // struct statx (include/uapi/linux/stat.h) has the same layout on every Linux architecture; stx_mode is a u16 at offset 28.
        var buffer = new byte[256];
        var nulTerminated = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        if (Statx(AtFdCwd, nulTerminated, 0, StatxType, buffer) != 0)
        {
            return false;
        }

        return (BitConverter.ToUInt16(buffer, StatxModeOffset) & FileTypeMask) != RegularFile;
    }

    // "libc" resolves to glibc's libc.so.6 (Debian), which has had statx since 2.28.
    // DllImport, not LibraryImport: that one needs the whole program compiled with unsafe code allowed.
    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int directory, byte[] path, int flags, uint mask, [Out] byte[] buffer);
}
