using System.Runtime.Versioning;

namespace Parley.Streaming.Tests.Support;

/// <summary>
/// A shell script named like a player (ffplay, mpv) in a folder of its own, to put first on PATH in
/// place of the real one. It first notes that it was started (<see cref="WasStarted"/>), then runs
/// its body, where "$@" are the player's arguments.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class FakePlayer
{
    /// <summary>A body that reads and drops the whole stream.</summary>
    public const string Swallow = "cat > /dev/null";

    private readonly string _started;

    private FakePlayer(string folder, string started)
    {
        Folder = folder;
        _started = started;
    }

    public string Folder { get; }

    public bool WasStarted => File.Exists(_started);

    /// <summary>This process's PATH with <see cref="Folder"/> first.</summary>
    public string SearchPath => Folder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");

    /// <summary>A body that hands the stream to the real <paramref name="player"/>.</summary>
    public static string RealPlayer(string player) => $"exec '{ProcessRunner.OnPath(player)}' \"$@\"";

    /// <summary>A body that gives the real <paramref name="player"/> only the first <paramref name="bytes"/>, as if its viewer closed it then.</summary>
    public static string RealPlayerFor(string player, int bytes) => $"head -c {bytes} | '{ProcessRunner.OnPath(player)}' \"$@\"";

    public static async Task<FakePlayer> WriteAsync(StreamingServer server, string name, string body)
    {
        var folder = Directory.CreateDirectory(server.TempFile("bin")).FullName;
        var started = Path.Combine(folder, "started");
        var script = Path.Combine(folder, name);
        await File.WriteAllTextAsync(script, $"#!/bin/sh\ntouch '{started}'\n{body}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new FakePlayer(folder, started);
    }
}
