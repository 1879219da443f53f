using System.Diagnostics;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// `parley play -o - | head -c 1000`: when the reader of stdout goes away, play stops streaming,
/// says how much it wrote, does not claim to have delivered the video, and exits 0 (as when a player is closed early).
/// </summary>
[Collection(StreamingCommandLineCollection.Name)]
public sealed class PlayIntoAClosedOutputTests(StreamingServer server)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_reader_that_quits_early_stops_play_with_one_line_and_exit_code_0()
    {
        // 1080p is about 4.5 MB: under a 400 KiB/s cap it would take over 10 s to stream to the end.
        var start = new ProcessStartInfo(Path.Combine(RepoRoot.Path, "parley"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot.Path,
        };
        foreach (var argument in ParleyCli.Play(server, "--quality", "1080", "--limit-rate", "400k", "--output", "-"))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PARLEY_HOME"] = server.Home;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(s_timeout);
        try
        {
            var first = new byte[1000];
            await process.StandardOutput.BaseStream.ReadExactlyAsync(first, deadline.Token);
            process.StandardOutput.BaseStream.Dispose();
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("play did not stop after its output was closed: " + await stderr);
        }

        var error = await stderr;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {error}");
        Assert.Matches(@"play: the output was closed after \d+ bytes, before the end of the video", error);
        Assert.DoesNotContain("to stdout", error, StringComparison.Ordinal);
        Assert.DoesNotContain("0:12 / 0:12", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }
}
