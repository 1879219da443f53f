using System.Runtime.Versioning;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// `parley play --output` into what is not a plain new file: a link, a device, a FIFO, a FILE.part
/// that belongs to someone else, a folder, a path whose folder is missing.
/// </summary>
[Collection(StreamingCommandLineCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class PlayIntoSpecialOutputsTests(StreamingServer server)
{
    private static readonly TimeSpan s_readerTimeout = TimeSpan.FromSeconds(60);

    // Bounds for a test that must stop by itself, not measurements: the first ./parley may build the CLI.
    private static readonly TimeSpan s_playStartTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_link_to_a_character_device_is_written_through_and_both_stay_as_they_were()
    {
        var folder = Directory.CreateDirectory(server.TempFile("dev")).FullName;
        var link = Path.Combine(folder, "null");
        File.CreateSymbolicLink(link, "/dev/null");

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "240", "--output", link));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("/dev/null", new FileInfo(link).LinkTarget);
        Assert.Equal(["null"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_fifo_is_written_into_and_stays_a_fifo()
    {
        var fifo = server.TempFile("stream.fifo");
        var made = await ProcessRunner.RunAsync("mkfifo", [fifo]);
        Assert.True(made.ExitCode == 0, made.ToString());
        var reader = Task.Run(async () =>
        {
            await using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Read);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        });
        var file = server.TempFile("240.ts");

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "240", "--output", fifo));
        var toFile = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "240", "--output", file));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(toFile.ExitCode == 0, toFile.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(file), await reader.WaitAsync(s_readerTimeout));
        Assert.Equal("fifo", await FileTypeAsync(fifo));
        Assert.False(File.Exists(fifo + ".part"));
    }

    [Fact]
    public async Task Ctrl_c_while_a_fifo_waits_for_a_reader_ends_play_with_exit_code_130()
    {
        var fifo = server.TempFile("unread.fifo");
        var made = await ProcessRunner.RunAsync("mkfifo", [fifo]);
        Assert.True(made.ExitCode == 0, made.ToString());
        using var play = server.StartParley(ParleyCli.Play(server, "--quality", "240", "--output", fifo));

        // Logged in, the video described, and now in open(2) of the FIFO, waiting for a reader that never
        // comes. The runtime's debugger thread waits in open(2) of a FIFO of its own from the start: not that one.
        using (var waiting = new CancellationTokenSource(s_playStartTimeout))
        {
            while (!play.ThreadsWaitingIn("wait_for_partner").Any(thread => thread != ".NET DebugPipe"))
            {
                if (play.HasExited)
                {
                    Assert.Fail("play ended before it opened the FIFO: " + await play.WaitForRunAsync(s_exitTimeout));
                }

                Assert.False(waiting.IsCancellationRequested, "play never waited in the FIFO's open");
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }

        play.Signal("INT");
        var result = await play.WaitForRunAsync(s_exitTimeout);

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.DoesNotContain("Exception", result.StderrText, StringComparison.Ordinal);
        Assert.Equal("fifo", await FileTypeAsync(fifo));
    }

    [Fact]
    public async Task A_regular_file_replaced_by_the_video_keeps_its_permissions()
    {
        var folder = Directory.CreateDirectory(server.TempFile("mode")).FullName;
        var file = Path.Combine(folder, "private.ts");
        await File.WriteAllTextAsync(file, "an earlier recording");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "240", "--output", file));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(FrameProbe.ExpectedFrames(TestMedia.DurationSeconds), (await FrameProbe.FrameSizesAsync(file)).Count);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(["private.ts"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_link_to_a_regular_file_stays_a_link_and_its_target_gets_the_video()
    {
        var folder = Directory.CreateDirectory(server.TempFile("link")).FullName;
        var target = Path.Combine(folder, "real.ts");
        var link = Path.Combine(folder, "latest.ts");
        await File.WriteAllTextAsync(target, "an earlier recording");
        File.CreateSymbolicLink(link, "real.ts");

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "240", "--output", link));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("real.ts", new FileInfo(link).LinkTarget);
        Assert.Equal(FrameProbe.ExpectedFrames(TestMedia.DurationSeconds), (await FrameProbe.FrameSizesAsync(target)).Count);
        Assert.Equal(["latest.ts", "real.ts"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_file_part_that_is_not_ours_is_left_alone()
    {
        var folder = Directory.CreateDirectory(server.TempFile("part")).FullName;
        var file = Path.Combine(folder, "video.ts");
        await File.WriteAllTextAsync(file + ".part", "someone else's download");

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "240", "--output", file));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("someone else's download", await File.ReadAllTextAsync(file + ".part"));
        Assert.Equal(FrameProbe.ExpectedFrames(TestMedia.DurationSeconds), (await FrameProbe.FrameSizesAsync(file)).Count);
        Assert.Equal(["video.ts", "video.ts.part"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_folder_is_a_usage_error_naming_it()
    {
        var folder = Directory.CreateDirectory(server.TempFile("folder")).FullName;

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--output", folder));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"parley: --output {folder} is a folder", result.StderrText, StringComparison.Ordinal);
        Assert.DoesNotContain(".part", result.StderrText, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task A_missing_folder_is_a_usage_error_naming_it_and_nothing_is_created()
    {
        var parent = Directory.CreateDirectory(server.TempFile("parent")).FullName;
        var file = Path.Combine(parent, "missing", "video.ts");

        var result = await server.ParleyAsync(ParleyCli.Play(server, "--output", file));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"parley: --output {file}: there is no folder {Path.Combine(parent, "missing")}", result.StderrText, StringComparison.Ordinal);
        Assert.DoesNotContain(".part", result.StderrText, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(parent));
    }

    private static async Task<string> FileTypeAsync(string path)
    {
        var stat = await ProcessRunner.RunAsync("stat", ["-L", "-c", "%F", path]);
        Assert.True(stat.ExitCode == 0, stat.ToString());
        return stat.StdoutText.Trim();
    }
}
