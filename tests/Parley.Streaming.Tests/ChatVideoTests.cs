using System.Globalization;
using System.Runtime.Versioning;
using Parley.Client;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// Chat's /videos, /play and /stop against the shared server, with a fake player first on PATH: a script
/// named ffplay that waits for the test's go-ahead before it reads, so the video is still playing while
/// messages come and go, then records every byte it got.
/// </summary>
[Collection(StreamingCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class ChatVideoTests(StreamingServer server)
{
    // Notes its pid, waits for the file "go" beside it, then keeps the whole stream in received.ts.
    private const string GatedRecorder =
        "dir=$(dirname \"$0\")\necho $$ >> \"$dir/pids\"\nwhile [ ! -e \"$dir/go\" ]; do sleep 0.05; done\nexec cat > \"$dir/received.ts\"";

    [Fact]
    public async Task Play_streams_the_video_into_the_player_while_messages_still_arrive_and_go_out()
    {
        var player = await FakePlayer.WriteAsync(server, "ffplay", GatedRecorder);
        await using var friend = await server.ConnectAsync("chat-friend-1");
        using var chat = await ChatProcess.StartAsync(server, "chat-viewer-1", new Dictionary<string, string> { ["PATH"] = player.SearchPath });

        await chat.TypeAsync("/play demo 240");
        await chat.WaitForLineAsync(line => line == "playing demo (240p) in ffplay; /stop ends it", "the play starting");
        await WaitUntilAsync(() => player.WasStarted, "the player to start");

        // The player reads nothing yet, so the video cannot have finished: both directions work meanwhile.
        var sent = await friend.SendTextAsync("chat-viewer-1", "popcorn?");
        Assert.True(sent.Delivered, sent.Detail);
        await chat.WaitForLineAsync(line => line.EndsWith("chat-friend-1: popcorn?", StringComparison.Ordinal), "the friend's message");
        await chat.TypeAsync("/msg chat-friend-1 shh, it is starting");
        Assert.Equal("shh, it is starting", await NextMessageAsync(friend));
        Assert.DoesNotContain(chat.Lines, line => line.StartsWith("play: ", StringComparison.Ordinal));

        await File.WriteAllTextAsync(Path.Combine(player.Folder, "go"), "");
        var summary = await chat.WaitForLineAsync(line => line.StartsWith("play: ", StringComparison.Ordinal), "the summary");
        Assert.StartsWith("play: 6 segments, ", summary, StringComparison.Ordinal);
        Assert.EndsWith(" to the player (ffplay); renditions 240p ×6", summary, StringComparison.Ordinal);
        var frames = await FrameProbe.FrameSizesAsync(Path.Combine(player.Folder, "received.ts"));
        Assert.Equal(FrameProbe.ExpectedFrames(TestMedia.DurationSeconds), frames.Count);
        Assert.All(frames, size => Assert.Equal((426, 240), size));

        await chat.TypeAsync("/quit");
        Assert.Equal(0, await chat.WaitForExitAsync());
    }

    [Fact]
    public async Task A_bad_name_or_quality_is_one_error_line_no_player_starts_and_the_chat_goes_on()
    {
        var player = await FakePlayer.WriteAsync(server, "ffplay", FakePlayer.Swallow);
        await using var friend = await server.ConnectAsync("chat-friend-2");
        using var chat = await ChatProcess.StartAsync(server, "chat-viewer-2", new Dictionary<string, string> { ["PATH"] = player.SearchPath });

        await chat.TypeAsync("/play no-such-video");
        await chat.WaitForLineAsync(line => line.StartsWith("! no video named 'no-such-video'", StringComparison.Ordinal), "the unknown name");
        await chat.TypeAsync("/play demo 4k");
        await chat.WaitForLineAsync(line => line == "! '4k' is not a quality: use auto, thirds or a height such as 720", "the bad quality");
        await chat.TypeAsync("/play demo 2160");
        await chat.WaitForLineAsync(line => line == "! 'demo' has no 2160p rendition; available: 240p, 720p, 1080p", "the missing height");
        await chat.TypeAsync("/play");
        await chat.WaitForLineAsync(line => line.StartsWith("usage: /play NAME [QUALITY]", StringComparison.Ordinal), "the usage");

        await chat.TypeAsync("/msg chat-friend-2 still here");
        Assert.Equal("still here", await NextMessageAsync(friend));
        Assert.False(player.WasStarted, "a player was started: " + string.Join('\n', chat.Lines));
        await chat.TypeAsync("/quit");
        Assert.Equal(0, await chat.WaitForExitAsync());
    }

    [Fact]
    public async Task Stop_and_quit_end_the_player_and_the_chat_goes_on_after_stop()
    {
        var player = await FakePlayer.WriteAsync(server, "ffplay", GatedRecorder);
        using var chat = await ChatProcess.StartAsync(server, "chat-viewer-3", new Dictionary<string, string> { ["PATH"] = player.SearchPath });

        await chat.TypeAsync("/play demo");
        await chat.WaitForLineAsync(line => line == "playing demo (auto quality) in ffplay; /stop ends it", "the play starting");
        var first = (await PlayerPidsAsync(player, 1))[0];
        await chat.TypeAsync("/play demo 720");
        await chat.WaitForLineAsync(line => line == "already playing demo; close its player or type /stop first", "the refusal of a second play");
        await chat.TypeAsync("/stop");
        await chat.WaitForLineAsync(line => line == "play: stopped demo", "the stop");
        await WaitUntilAsync(() => !IsRunning(first), "the stopped player to end");

        await chat.TypeAsync("/play demo 1080");
        var second = (await PlayerPidsAsync(player, 2))[1];
        await chat.TypeAsync("/quit");

        Assert.Equal(0, await chat.WaitForExitAsync());
        await WaitUntilAsync(() => !IsRunning(second), "the player to end with the chat");
        Assert.DoesNotContain(chat.Lines, line => line.Contains("Exception", StringComparison.Ordinal) || line.StartsWith("! ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_ends_a_player_that_has_the_whole_stream_and_is_still_showing_it()
    {
        // Reads the whole stream, then goes on "showing" it, as a real player does with what it buffered.
        var player = await FakePlayer.WriteAsync(
            server, "ffplay", "dir=$(dirname \"$0\")\necho $$ >> \"$dir/pids\"\ncat > /dev/null\ntouch \"$dir/drained\"\nsleep 600");
        using var chat = await ChatProcess.StartAsync(server, "chat-viewer-6", new Dictionary<string, string> { ["PATH"] = player.SearchPath });

        await chat.TypeAsync("/play demo 240");
        var pid = (await PlayerPidsAsync(player, 1))[0];
        await WaitUntilAsync(() => File.Exists(Path.Combine(player.Folder, "drained")), "the player to read the whole stream");
        await chat.TypeAsync("/stop");

        await chat.WaitForLineAsync(line => line == "play: stopped demo", "the stop");
        await WaitUntilAsync(() => !IsRunning(pid), "the stopped player to end");
        Assert.DoesNotContain(chat.Lines, line => line.StartsWith("! ", StringComparison.Ordinal) || line.StartsWith("play: 6 segments", StringComparison.Ordinal));
        await chat.TypeAsync("/quit");
        Assert.Equal(0, await chat.WaitForExitAsync());
    }

    [Fact]
    public async Task Videos_shows_what_parley_videos_shows_and_help_lists_the_video_commands()
    {
        var listed = await server.ParleyAsync(ParleyCli.Client(server, "videos"));
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var expected = listed.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var chat = await ChatProcess.StartAsync(server, "chat-viewer-4");

        await chat.TypeAsync("/videos");
        await chat.WaitForLineAsync(line => line == expected[^1], "the last line of the list");
        await chat.TypeAsync("/help");
        await chat.WaitForLineAsync(line => line.StartsWith("  /stop ", StringComparison.Ordinal), "the help");

        var lines = chat.Lines.ToList();
        var list = lines.IndexOf("videos:");
        Assert.True(list >= 0, string.Join('\n', lines));
        Assert.Equal(expected, lines.Skip(list + 1).Take(expected.Length));
        Assert.Contains(lines, line => line.StartsWith("  /videos ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("  /play NAME [QUALITY] ", StringComparison.Ordinal));
        await chat.TypeAsync("/quit");
        Assert.Equal(0, await chat.WaitForExitAsync());
    }

    [Fact]
    public async Task Play_without_a_player_says_how_to_get_one_or_to_save_the_video_instead()
    {
        var emptyPath = Directory.CreateDirectory(server.TempFile("empty-path")).FullName;
        using var chat = await ChatProcess.StartAsync(
            server, "chat-viewer-5", new Dictionary<string, string> { ["PATH"] = emptyPath }, launcher: false);

        await chat.TypeAsync("/play demo 720");

        var line = await chat.WaitForLineAsync(line => line.StartsWith("! no video player found", StringComparison.Ordinal), "the hint");
        Assert.Equal(
            "! no video player found: install ffplay (apt install ffmpeg) or mpv (apt install mpv), "
            + $"or save the video to a file with: parley play demo --server {server.Address} --name chat-viewer-5 --output demo.ts",
            line);
        await chat.TypeAsync("/quit");
        Assert.Equal(0, await chat.WaitForExitAsync());
    }

    private static async Task<string> NextMessageAsync(ParleyClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var incoming in client.Events.ReadAllAsync(timeout.Token))
        {
            if (incoming is MessageReceivedEvent { Message: var message })
            {
                return message.Text;
            }
        }

        throw new InvalidOperationException("the connection closed");
    }

    private static async Task<IReadOnlyList<int>> PlayerPidsAsync(FakePlayer player, int count)
    {
        var file = Path.Combine(player.Folder, "pids");
        IReadOnlyList<int> pids = [];
        await WaitUntilAsync(
            () =>
            {
                pids = File.Exists(file)
                    ? [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))]
                    : [];
                return pids.Count >= count;
            },
            $"player number {count} to start");
        return pids;
    }

    // A process that ended but was not reaped yet is a zombie ("Z" in /proc/PID/stat): it runs no more.
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting for " + what);
            await Task.Delay(50);
        }
    }
}
