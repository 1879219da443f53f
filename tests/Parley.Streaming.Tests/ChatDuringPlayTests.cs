using System.Diagnostics;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

[Collection(StreamingCommandLineCollection.Name)]
public sealed class ChatDuringPlayTests(StreamingServer server)
{
    [Fact]
    public async Task A_message_sent_during_parley_play_is_shown_while_the_video_still_streams()
    {
        var file = server.TempFile("chat.ts");
        await using var friend = await server.ConnectAsync("cli-friend");
        var start = new ProcessStartInfo(Path.Combine(RepoRoot.Path, "parley"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot.Path,
        };
        // 512 KiB/s makes the 1080p stream (about 5 MB) last about ten seconds.
        foreach (var argument in ParleyCli.Play(server, "--quality", "1080", "--limit-rate", "512k", "--output", file))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PARLEY_HOME"] = server.Home;
        using var play = Process.Start(start)!;
        try
        {
            var lines = new List<string>();
            var firstProgress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            play.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                lock (lines)
                {
                    lines.Add(e.Data);
                }

                if (e.Data.StartsWith("play: ", StringComparison.Ordinal))
                {
                    firstProgress.TrySetResult();
                }
            };
            play.BeginErrorReadLine();
            await firstProgress.Task.WaitAsync(TimeSpan.FromMinutes(2));

            var sent = await friend.SendTextAsync(ParleyCli.Viewer, "popcorn?");
            Assert.True(sent.Delivered, sent.Detail);
            await play.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(0, play.ExitCode);
            List<string> seen;
            lock (lines)
            {
                seen = [.. lines];
            }

            var message = seen.FindIndex(l => l.EndsWith("cli-friend: popcorn?", StringComparison.Ordinal));
            Assert.True(message >= 0, "the message was not shown: " + string.Join(" | ", seen));
            Assert.Contains(seen.Skip(message), l => l.StartsWith("play: 0:", StringComparison.Ordinal));
            var frames = await FrameProbe.FrameSizesAsync(file);
            Assert.Equal(FrameProbe.ExpectedFrames(TestMedia.DurationSeconds), frames.Count);
        }
        finally
        {
            if (!play.HasExited)
            {
                play.Kill(entireProcessTree: true);
            }
        }
    }
}
