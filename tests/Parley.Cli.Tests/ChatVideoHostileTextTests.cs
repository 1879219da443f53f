using Parley.Cli.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Cli.Tests;

/// <summary>Chat's /videos and /play print what a hostile server says about videos escaped, as `parley videos` and `play` do.</summary>
public class ChatVideoHostileTextTests
{
    [Fact]
    public async Task Videos_and_play_in_chat_escape_hostile_names_details_and_refusals()
    {
        var listed = new VideoSummary { Name = HostileText.Text, State = VideoState.Unavailable, Detail = HostileText.Text };
        listed.Renditions.Add(new Rendition { Height = 240, Codecs = HostileText.Text, State = VideoState.Preparing, Detail = HostileText.Text });
        var clip = new VideoSummary
        {
            Name = "clip",
            State = VideoState.Ready,
            Renditions =
            {
                new Rendition { Height = 240, State = VideoState.Ready },
                new Rendition { Height = 720, State = VideoState.Unavailable, Detail = HostileText.Text },
            },
        };
        await using var server = ScriptedServer.Start(new ServerScript
        {
            Answer = (session, frame) => frame.BodyCase switch
            {
                ClientFrame.BodyOneofCase.ListVideos => session.SendAsync(new ServerFrame
                {
                    VideoList = new VideoList { RequestId = frame.ListVideos.RequestId, Videos = { listed } },
                }),
                ClientFrame.BodyOneofCase.DescribeVideo => session.SendAsync(new ServerFrame
                {
                    VideoDescription = frame.DescribeVideo.Video == "clip"
                        ? new VideoDescription
                        {
                            RequestId = frame.DescribeVideo.RequestId,
                            Code = ErrorCode.Ok,
                            Video = clip,
                            Renditions = { new RenditionSegments { Height = 240, Segments = { new Segment { DurationSeconds = 2, Bytes = 188 } } } },
                        }
                        : new VideoDescription { RequestId = frame.DescribeVideo.RequestId, Code = ErrorCode.UnknownVideo, Message = HostileText.Text },
                }),
                _ => Task.CompletedTask,
            },
        });
        using var dir = new TempDir();

        var chat = await ParleyProcess.RunWithInputAsync(
            dir.Path,
            "/videos\n/play nope\n/play clip 720\n",
            ["chat", "--server", server.Address, "--name", "viewer", "--home", dir.Sub("home")]);

        Assert.True(chat.ExitCode == 0, chat.ToString());
        HostileText.AssertSafe(chat.StdoutBytes, "chat's output");
        HostileText.AssertSafe(chat.StderrBytes, "chat's stderr");
        var list = chat.Stdout.SkipWhile(line => line != "videos:").Skip(1).Take(2).ToList();
        Assert.Equal(2, list.Count);
        Assert.All(list, line => Assert.Contains(HostileText.Visible, line, StringComparison.Ordinal));
        var refusals = chat.Stdout.Where(line => line.StartsWith("! ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, line => Assert.Contains(HostileText.Visible, line, StringComparison.Ordinal));
        Assert.StartsWith("! the 720p rendition of 'clip' is unavailable: ", refusals[1], StringComparison.Ordinal);
    }
}
