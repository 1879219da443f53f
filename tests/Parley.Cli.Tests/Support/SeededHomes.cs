using System.Collections.Concurrent;

namespace Parley.Cli.Tests.Support;

/// <summary>
/// Homes with a key already made, for the usual cast of a <see cref="Scenario"/>. RSA-3072 key generation
/// costs about a second of CPU each time (more on a busy machine), and almost every CLI test would pay it
/// for every person; instead ./parley makes each cast member's key once per test run, and each scenario
/// gets a copy of that home. Other names, and homes a test picks itself, still start empty.
/// </summary>
internal static class SeededHomes
{
    private static readonly string[] s_cast = ["alice", "bob", "carol", "mallory", "viewer"];
    private static readonly ConcurrentDictionary<string, string> s_made = new(StringComparer.Ordinal);
    private static readonly Lazy<Task> s_making = new(MakeAllAsync);

    /// <summary>Makes the cast's homes once per run (later calls return at once).</summary>
    public static Task EnsureMadeAsync() => s_making.Value;

    /// <summary>Copies the seeded home of <paramref name="name"/> to <paramref name="home"/>, unless the name has none or the home exists.</summary>
    public static void CopyTo(string name, string home)
    {
        if (s_made.TryGetValue(name, out var seeded) && !Directory.Exists(home))
        {
            Copy(new DirectoryInfo(seeded), home);
        }
    }

    /// <summary>Copies the seeded home of <paramref name="name"/> (one of the cast) to <paramref name="home"/> and returns <paramref name="home"/>.</summary>
    public static async Task<string> HomeAsync(string name, string home)
    {
        await EnsureMadeAsync();
        CopyTo(name, home);
        return home;
    }

    private static async Task MakeAllAsync()
    {
        var root = Directory.CreateTempSubdirectory("parley-cli-homes-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TempDir.DeleteQuietly(root);
        await Task.WhenAll(s_cast.Select(async name =>
        {
            var home = Path.Combine(root, name);
            var run = await ParleyProcess.RunAsync(root, "keys", "fingerprint", "--name", name, "--home", home);
            Assert.True(run.ExitCode == 0, run.ToString());
            s_made[name] = home;
        }));
    }

    /// <summary>Copies a home with the modes ./parley gave it (private folders and key file).</summary>
    private static void Copy(DirectoryInfo from, string to)
    {
        Directory.CreateDirectory(to);
        KeepMode(from, to);
        foreach (var file in from.EnumerateFiles())
        {
            var copy = Path.Combine(to, file.Name);
            file.CopyTo(copy);
            KeepMode(file, copy);
        }

        foreach (var folder in from.EnumerateDirectories())
        {
            Copy(folder, Path.Combine(to, folder.Name));
        }
    }

    private static void KeepMode(FileSystemInfo from, string to)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(to, from.UnixFileMode);
        }
    }
}
