using System.Runtime.Versioning;
using System.Text.Json;
using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

/// <summary>
/// `./parley server` on a machine without ffmpeg. PATH is this machine's PATH less ffmpeg and ffprobe (a
/// folder of links to every other program on it) with two stand-ins: `id`, which says root or not, and
/// `apt-get`, which records how it was called and "installs" ffmpeg by linking the real one into that folder.
/// </summary>
[UnsupportedOSPlatform("windows")]
public class LauncherFfmpegTests
{
    private static readonly string[] s_missing = ["ffmpeg", "ffprobe", "apt-get", "id"];

    [Fact]
    public async Task As_root_with_apt_the_first_server_run_installs_ffmpeg_and_ends_with_a_ready_sample()
    {
        using var dir = new TempDir();
        var bin = MachineWithoutFfmpeg(dir, root: true);

        // DEBIAN_FRONTEND unset, as on a fresh machine: the launcher sets it for the install.
        await using var server = await ServerProcess.StartAsync(
            dir.Path,
            new Dictionary<string, string> { ["PATH"] = bin, ["DEBIAN_FRONTEND"] = "" },
            "--data",
            dir.Sub("data"),
            "--videos",
            dir.Sub("videos"));

        Assert.Contains("parley: installing ffmpeg for video (apt-get, --no-install-recommends)", server.Process.StderrLines);
        Assert.Equal(
            ["DEBIAN_FRONTEND= update -qq", "DEBIAN_FRONTEND=noninteractive install -y -qq --no-install-recommends ffmpeg"],
            await File.ReadAllLinesAsync(Path.Combine(bin, "apt-get.log")));
        await WaitForReadySampleAsync(dir, server);
    }

    [Fact]
    public async Task Without_root_it_says_how_to_install_ffmpeg_and_the_server_still_starts()
    {
        using var dir = new TempDir();
        var bin = MachineWithoutFfmpeg(dir, root: false);

        await using var server = await ServerProcess.StartAsync(
            dir.Path, new Dictionary<string, string> { ["PATH"] = bin }, "--data", dir.Sub("data"), "--videos", dir.Sub("videos"));

        Assert.Contains(
            "parley: ffmpeg is not installed, so the server offers no video; install it (e.g. sudo apt-get install ffmpeg) and start the server again",
            server.Process.StderrLines);
        Assert.False(File.Exists(Path.Combine(bin, "apt-get.log")), "apt-get was run");
    }

    [Fact]
    public async Task With_ffmpeg_installed_nothing_is_installed()
    {
        using var dir = new TempDir();
        var bin = MachineWithoutFfmpeg(dir, root: true);
        File.CreateSymbolicLink(Path.Combine(bin, "ffmpeg"), OnPath("ffmpeg"));
        File.CreateSymbolicLink(Path.Combine(bin, "ffprobe"), OnPath("ffprobe"));

        await using var server = await ServerProcess.StartAsync(dir.Path, new Dictionary<string, string> { ["PATH"] = bin });

        Assert.DoesNotContain(server.Process.StderrLines, line => line.Contains("ffmpeg", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(bin, "apt-get.log")), "apt-get was run");
    }

    /// <summary>A folder to use as PATH: links to every program on this PATH but ffmpeg and ffprobe, and the stand-ins.</summary>
    private static string MachineWithoutFfmpeg(TempDir dir, bool root)
    {
        var bin = Directory.CreateDirectory(dir.Sub("bin")).FullName;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var program in Directory.EnumerateFiles(folder))
            {
                var link = Path.Combine(bin, Path.GetFileName(program));
                if (!s_missing.Contains(Path.GetFileName(program)) && !Path.Exists(link))
                {
                    File.CreateSymbolicLink(link, program);
                }
            }
        }

        WriteScript(bin, "id", $"if [ \"$1\" = -u ]; then echo {(root ? 0 : 1000)}; else exec '{OnPath("id")}' \"$@\"; fi");
        WriteScript(
            bin,
            "apt-get",
            "dir=$(dirname \"$0\")\necho \"DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-} $*\" >> \"$dir/apt-get.log\"\n"
            + $"if [ \"$1\" = install ]; then ln -s '{OnPath("ffmpeg")}' \"$dir/ffmpeg\" && ln -s '{OnPath("ffprobe")}' \"$dir/ffprobe\"; fi");
        return bin;
    }

    private static void WriteScript(string folder, string name, string body)
    {
        var script = Path.Combine(folder, name);
        File.WriteAllText(script, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(name + " is not on PATH; ./test installs it");

    /// <summary>Asks the server for its videos until the generated sample is ready to play.</summary>
    private static async Task WaitForReadySampleAsync(TempDir dir, ServerProcess server)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            var run = await ParleyProcess.RunAsync(dir.Path, "videos", "--json", "--server", server.Address, "--name", "viewer", "--home", dir.Sub("home"));
            Assert.True(run.ExitCode == 0, run.ToString());
            var sample = run.Stdout.Select(line => JsonDocument.Parse(line).RootElement)
                .FirstOrDefault(video => video.GetProperty("name").GetString() == "sample");
            if (sample.ValueKind != JsonValueKind.Undefined && sample.GetProperty("state").GetString() == "ready")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, "the sample never became ready: " + run + "\nserver:\n" + server.Process.Stdout + "\n" + server.Process.Stderr);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
