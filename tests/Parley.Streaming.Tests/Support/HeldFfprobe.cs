namespace Parley.Streaming.Tests.Support;

/// <summary>
/// A stand-in for ffprobe that waits, then runs the real one: a server given it takes that long for its
/// first scan of the videos (the scan starts with "ffprobe -version"), as a big library would.
/// </summary>
internal static class HeldFfprobe
{
    /// <summary>Waits until <paramref name="gate"/> exists.</summary>
    public static string UntilFileExists(string directory, string gate) =>
        Write(Path.Combine(directory, "gated-ffprobe"), $"while [ ! -e '{gate}' ]; do sleep 0.05; done");

    /// <summary>Waits <paramref name="seconds"/> on every run.</summary>
    public static string ForSeconds(string directory, int seconds) =>
        Write(Path.Combine(directory, "slow-ffprobe"), FormattableString.Invariant($"sleep {seconds}"));

    private static string Write(string path, string wait)
    {
        File.WriteAllText(path, $"#!/bin/sh\n{wait}\nexec ffprobe \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
