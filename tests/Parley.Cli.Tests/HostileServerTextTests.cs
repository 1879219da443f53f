using Google.Protobuf;
using Parley.Cli.Tests.Support;
using Parley.Crypto;
using Parley.Protocol.Messages;

namespace Parley.Cli.Tests;

/// <summary>
/// What a hostile server can put on the terminal: error texts, refusal details, names, video
/// details and URLs. Every command shows them escaped on one line, and --json stays valid.
/// </summary>
public class HostileServerTextTests
{
    [Fact]
    public async Task A_refused_login_is_reported_escaped_on_one_line()
    {
        await using var server = ScriptedServer.Start(new ServerScript
        {
            LoginRefusal = new Error { Code = ErrorCode.NameTaken, Message = HostileText.Text, Fatal = true },
        });
        using var dir = new TempDir();

        var send = await RunAsync(dir, server, "send", "--to", "bob", "hi");

        Assert.Equal(1, send.ExitCode);
        AssertOneSafeErrorLine(send);
    }

    [Fact]
    public async Task A_send_refusal_detail_is_reported_escaped_on_one_line()
    {
        using var bob = Identity.Generate();
        await using var server = ScriptedServer.Start(new ServerScript
        {
            Answer = (session, frame) => frame.BodyCase switch
            {
                ClientFrame.BodyOneofCase.Lookup => session.SendAsync(new ServerFrame
                {
                    LookupResult = new LookupResult { RequestId = frame.Lookup.RequestId, Code = ErrorCode.Ok, Peer = WireFrames.PeerOf("bob", bob) },
                }),
                ClientFrame.BodyOneofCase.FetchBundle => session.SendAsync(PrekeyFrames.BundleFor(frame.FetchBundle, bob)),
                ClientFrame.BodyOneofCase.Send => session.SendAsync(new ServerFrame
                {
                    SendResult = new SendResult { RequestId = frame.Send.RequestId, Code = ErrorCode.InvalidRequest, Message = HostileText.Text },
                }),
                _ => Task.CompletedTask,
            },
        });
        using var dir = new TempDir();

        var send = await RunAsync(dir, server, "send", "--to", "bob", "hi");

        Assert.Equal(1, send.ExitCode);
        AssertOneSafeErrorLine(send);
    }

    [Fact]
    public async Task Listen_escapes_a_hostile_delivery_name_and_the_servers_last_words()
    {
        await using var server = ScriptedServer.Start(new ServerScript
        {
            AfterLogin = async session =>
            {
                await session.SendAsync(new ServerFrame { Delivery = new Delivery { From = HostileText.Text, Sealed = ByteString.CopyFromUtf8("junk") } });
                await session.SendAsync(new ServerFrame { Error = new Error { Code = ErrorCode.Internal, Message = HostileText.Text, Fatal = true } });
                await session.CloseAsync();
            },
        });
        using var dir = new TempDir();

        var listen = await RunAsync(dir, server, "listen", "--no-reconnect");

        Assert.Equal(1, listen.ExitCode);
        HostileText.AssertSafe(listen.StdoutBytes, "listen's stdout");
        HostileText.AssertSafe(listen.StderrBytes, "listen's stderr");
        Assert.Contains(listen.Stderr, line => line.StartsWith("parley: rejected a message from x", StringComparison.Ordinal));
        Assert.Contains(listen.Stderr, line => line.StartsWith("parley: disconnected: ", StringComparison.Ordinal)
            && line.Contains(HostileText.Visible, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chat_escapes_the_servers_last_words()
    {
        await using var server = ScriptedServer.Start(new ServerScript
        {
            AfterLogin = async session =>
            {
                await session.SendAsync(new ServerFrame { Error = new Error { Code = ErrorCode.Internal, Message = HostileText.Text, Fatal = true } });
                await session.CloseAsync();
            },
        });
        using var dir = new TempDir();
        await LauncherBuild.EnsureBuiltAsync();

        // Input stays open: the chat ends because the server went away, not because input did.
        using var chat = ParleyProcess.Start(
            ["chat", "--no-reconnect", "--server", server.Address, "--name", "viewer", "--home", dir.Sub("home")], dir.Path, redirectStdin: true);

        Assert.Equal(1, await chat.WaitForExitAsync(Deadline.Default));
        HostileText.AssertSafe(chat.StdoutBytes, "chat's output");
        HostileText.AssertSafe(chat.StderrBytes, "chat's stderr");
        Assert.Contains(chat.StdoutLines, line => line.StartsWith("! disconnected: ", StringComparison.Ordinal)
            && line.Contains(HostileText.Visible, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Videos_escapes_hostile_names_and_details_and_json_stays_valid()
    {
        var video = new VideoSummary { Name = HostileText.Text, State = VideoState.Unavailable, Detail = HostileText.Text };
        video.Renditions.Add(new Rendition { Height = 240, Codecs = HostileText.Text, State = VideoState.Preparing, Detail = HostileText.Text });
        await using var server = ScriptedServer.Start(new ServerScript
        {
            Answer = (session, frame) => frame.BodyCase == ClientFrame.BodyOneofCase.ListVideos
                ? session.SendAsync(new ServerFrame { VideoList = new VideoList { RequestId = frame.ListVideos.RequestId, Videos = { video } } })
                : Task.CompletedTask,
        });
        using var dir = new TempDir();

        var words = await RunAsync(dir, server, "videos");
        var json = await RunAsync(dir, server, "videos", "--json");

        Assert.True(words.ExitCode == 0, words.ToString());
        HostileText.AssertSafe(words.StdoutBytes, "videos' stdout");
        Assert.Contains(HostileText.Visible, string.Join('\n', words.Stdout), StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        HostileText.AssertSafe(json.StdoutBytes, "videos --json's stdout");
        var listed = Assert.Single(HostileText.AssertJsonLines(json.StdoutBytes));
        Assert.Equal(HostileText.Text, listed.GetProperty("name").GetString());
        Assert.Equal(HostileText.Text, listed.GetProperty("renditions")[0].GetProperty("codecs").GetString());
    }

    [Fact]
    public async Task Play_escapes_a_hostile_refusal_and_hostile_rendition_details()
    {
        var description = new VideoDescription
        {
            Code = ErrorCode.Ok,
            Video = new VideoSummary
            {
                Name = "clip",
                State = VideoState.Ready,
                Renditions =
                {
                    new Rendition { Height = 240, State = VideoState.Ready },
                    new Rendition { Height = 720, State = VideoState.Unavailable, Detail = HostileText.Text },
                },
            },
            Renditions = { new RenditionSegments { Height = 240, Segments = { new Segment { DurationSeconds = 2, Bytes = 188 } } } },
        };
        await using var server = ScriptedServer.Start(new ServerScript
        {
            Answer = (session, frame) => frame.BodyCase switch
            {
                ClientFrame.BodyOneofCase.DescribeVideo => session.SendAsync(new ServerFrame
                {
                    VideoDescription = frame.DescribeVideo.Video == "clip"
                        ? WithRequestId(description, frame.DescribeVideo.RequestId)
                        : new VideoDescription { RequestId = frame.DescribeVideo.RequestId, Code = ErrorCode.UnknownVideo, Message = HostileText.Text },
                }),
                _ => Task.CompletedTask,
            },
        });
        using var dir = new TempDir();

        var refused = await RunAsync(dir, server, "play", "nope", "--output", dir.Sub("nope.ts"));
        var unavailable = await RunAsync(dir, server, "play", "clip", "--quality", "720", "--output", dir.Sub("clip.ts"));

        Assert.Equal(1, refused.ExitCode);
        AssertOneSafeErrorLine(refused);
        Assert.Equal(1, unavailable.ExitCode);
        AssertOneSafeErrorLine(unavailable);
    }

    [Fact]
    public async Task Play_escapes_a_hostile_peers_refused_message_during_the_video()
    {
        using var mallory = Identity.Generate();
        var lastSegmentMayGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var description = new VideoDescription
        {
            Code = ErrorCode.Ok,
            Video = new VideoSummary { Name = "clip", State = VideoState.Ready, Renditions = { new Rendition { Height = 240, State = VideoState.Ready } } },
            Renditions =
            {
                new RenditionSegments
                {
                    Height = 240,
                    Segments = { new Segment { DurationSeconds = 2, Bytes = 188 }, new Segment { DurationSeconds = 2, Bytes = 188 } },
                },
            },
        };
        await using var server = ScriptedServer.Start(new ServerScript
        {
            AfterLogin = session =>
            {
                using var viewer = PeerKey.FromSpki(session.Login.PublicKey.Span);
                var sealedBytes = MessageSealer.Seal(mallory, HostileText.Text, viewer, session.Login.Name, "hi", DateTimeOffset.UtcNow);
                return session.SendAsync(new ServerFrame { Delivery = new Delivery { From = "mallory", Sealed = ByteString.CopyFrom(sealedBytes) } });
            },
            Answer = async (session, frame) =>
            {
                switch (frame.BodyCase)
                {
                    case ClientFrame.BodyOneofCase.Lookup:
                        await session.SendAsync(new ServerFrame
                        {
                            LookupResult = new LookupResult { RequestId = frame.Lookup.RequestId, Code = ErrorCode.Ok, Peer = WireFrames.PeerOf("mallory", mallory) },
                        });
                        break;
                    case ClientFrame.BodyOneofCase.DescribeVideo:
                        await session.SendAsync(new ServerFrame { VideoDescription = WithRequestId(description, frame.DescribeVideo.RequestId) });
                        break;
                    case ClientFrame.BodyOneofCase.FetchSegment:
                        var fetch = frame.FetchSegment;
                        if (fetch.Index == 1)
                        {
                            // The refusal is shown while the video still plays, not after play has ended.
                            await lastSegmentMayGo.Task.WaitAsync(session.Stopping);
                        }

                        await session.SendAsync(new ServerFrame
                        {
                            SegmentChunk = new SegmentChunk
                            {
                                RequestId = fetch.RequestId,
                                Code = ErrorCode.Ok,
                                Offset = 0,
                                TotalBytes = 188,
                                Data = ByteString.CopyFrom(new byte[188]),
                                Last = true,
                            },
                        });
                        break;
                }
            },
        });
        using var dir = new TempDir();
        await LauncherBuild.EnsureBuiltAsync();
        using var play = ParleyProcess.Start(
            ["play", "clip", "--output", dir.Sub("clip.ts"), "--server", server.Address, "--name", "viewer", "--home", dir.Sub("home")],
            dir.Path);

        await play.WaitForStderrAsync(line => line.StartsWith("parley: refused a message from mallory", StringComparison.Ordinal), "the refusal");
        lastSegmentMayGo.SetResult();

        Assert.True(await play.WaitForExitAsync(Deadline.Default) == 0, play.Stderr);
        HostileText.AssertSafe(play.StdoutBytes, "play's stdout");
        HostileText.AssertSafe(play.StderrBytes, "play's stderr");
        Assert.Null(server.Failure);
    }

    [Fact]
    public async Task Videos_url_refuses_a_url_with_escapes_or_a_quote()
    {
        using var dir = new TempDir();
        foreach (var url in new[]
        {
            "http://127.0.0.1:8080/hls/" + HostileText.Text + "/master.m3u8",
            "http://127.0.0.1:8080/hls/token/clip/master.m3u8'; rm -rf ~; echo '",
        })
        {
            await using var server = ScriptedServer.Start(AnsweringVideoUrl(url));

            var result = await RunAsync(dir, server, "videos", "url", "clip");

            Assert.Equal(1, result.ExitCode);
            Assert.Empty(result.StdoutBytes);
            HostileText.AssertSafe(result.StderrBytes, "videos url's stderr");
            Assert.StartsWith("parley: the server sent a video URL this client does not use: it holds a quote", Assert.Single(result.Stderr), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Videos_url_refuses_a_url_on_another_host()
    {
        await using var server = ScriptedServer.Start(AnsweringVideoUrl("http://evil.example:8080/hls/token/clip/master.m3u8"));
        using var dir = new TempDir();

        var result = await RunAsync(dir, server, "videos", "url", "clip");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.StdoutBytes);
        Assert.Equal(
            "parley: the server sent a video URL this client does not use: it points to evil.example, not to 127.0.0.1, the server this client connected to",
            Assert.Single(result.Stderr));
    }

    [Fact]
    public async Task Videos_url_prints_the_ffplay_hint_only_for_a_url_safe_to_paste()
    {
        const string Plain = "http://127.0.0.1:8080/hls/AbC-_9/clip/master.m3u8";
        const string WithShellSyntax = "http://127.0.0.1:8080/hls/$(reboot)/clip/master.m3u8";
        using var dir = new TempDir();
        await using var plainServer = ScriptedServer.Start(AnsweringVideoUrl(Plain));
        await using var shellServer = ScriptedServer.Start(AnsweringVideoUrl(WithShellSyntax));

        var plain = await RunAsync(dir, plainServer, "videos", "url", "clip");
        var shell = await RunAsync(dir, shellServer, "videos", "url", "clip");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal(Plain, Assert.Single(plain.Stdout));
        Assert.EndsWith($"; try: ffplay '{Plain}'", Assert.Single(plain.Stderr), StringComparison.Ordinal);
        Assert.True(shell.ExitCode == 0, shell.ToString());
        Assert.Equal(WithShellSyntax, Assert.Single(shell.Stdout));
        Assert.StartsWith("valid until ", Assert.Single(shell.Stderr), StringComparison.Ordinal);
        Assert.DoesNotContain("try:", shell.Stderr[0], StringComparison.Ordinal);
    }

    private static ServerScript AnsweringVideoUrl(string url) => new()
    {
        Answer = (session, frame) => frame.BodyCase == ClientFrame.BodyOneofCase.RequestVideoUrl
            ? session.SendAsync(new ServerFrame
            {
                VideoUrl = new VideoUrl
                {
                    RequestId = frame.RequestVideoUrl.RequestId,
                    Code = ErrorCode.Ok,
                    Url = url,
                    ExpiresAtMs = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(),
                },
            })
            : Task.CompletedTask,
    };

    private static VideoDescription WithRequestId(VideoDescription description, ulong requestId)
    {
        var answer = description.Clone();
        answer.RequestId = requestId;
        return answer;
    }

    private static async Task<ProcessRun> RunAsync(TempDir dir, ScriptedServer server, params string[] args) =>
        await ParleyProcess.RunAsync(dir.Path, [.. args, "--server", server.Address, "--name", "viewer", "--home", await SeededHomes.HomeAsync("viewer", dir.Sub("home"))]);

    private static void AssertOneSafeErrorLine(ProcessRun run)
    {
        HostileText.AssertSafe(run.StdoutBytes, "stdout");
        HostileText.AssertSafe(run.StderrBytes, "stderr");
        var line = Assert.Single(run.Stderr);
        Assert.StartsWith("parley: ", line, StringComparison.Ordinal);
        Assert.Contains(HostileText.Visible, line, StringComparison.Ordinal);
    }
}
