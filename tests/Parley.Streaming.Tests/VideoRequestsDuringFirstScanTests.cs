using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server;
using Parley.Server.Hosting;
using Parley.Server.VideoRequests;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// Video requests that reach a server before its first scan of the videos has finished (a client resuming a
/// stream on a just-restarted server): they wait for the scan and get the video, not UNKNOWN_VIDEO, while the
/// connection's other frames are answered meanwhile; a scan that takes too long is SERVER_BUSY, never "unknown".
/// </summary>
public sealed class VideoRequestsDuringFirstScanTests : IAsyncLifetime
{
    private const string Video = "scanned";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-first-scan-" + Guid.NewGuid().ToString("N"));

    private string Gate => Path.Combine(_root, "scan-may-go-on");

    public async Task InitializeAsync()
    {
        await OwnServer.MakeVideoAsync(_root, Video + "_240.mp4", 426, 240, seconds: 4);

        // A first run packages it into the media cache, as before a restart.
        await using var first = await OwnServer.StartAsync(_root);
    }

    public Task DisposeAsync()
    {
        TempDir.DeleteQuietly(_root);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Requests_during_the_first_scan_wait_for_it_and_get_the_video_while_a_ping_is_answered_at_once()
    {
        await using var host = await StartWithHeldScanAsync(TimeSpan.FromMinutes(2));
        await using var viewer = await RawClient.LoginAsync(host.Endpoint, "early-viewer", TestIdentities.Get(0));

        await SendInOneWriteAsync(viewer, [
            new ClientFrame { ListVideos = new ListVideos { RequestId = 1 } },
            new ClientFrame { DescribeVideo = new DescribeVideo { RequestId = 2, Video = Video } },
            new ClientFrame { FetchSegment = new FetchSegment { RequestId = 3, Video = Video, Height = 240, Index = 0, MaxBytes = 1024 } },
            new ClientFrame { RequestVideoUrl = new RequestVideoUrl { RequestId = 4, Video = Video } },
            new ClientFrame { Ping = new Ping { Nonce = 5 } },
        ]);

        Assert.Equal(ServerFrame.BodyOneofCase.Pong, (await viewer.ReceiveAsync()).BodyCase);
        Assert.False(host.Videos.IsLoaded, "the first scan is still held");
        await File.WriteAllTextAsync(Gate, "");
        var answers = new List<ServerFrame>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await viewer.ReceiveAsync());
        }

        Assert.Equal([Video], Single(answers, ServerFrame.BodyOneofCase.VideoList).VideoList.Videos.Select(v => v.Name));
        var description = Single(answers, ServerFrame.BodyOneofCase.VideoDescription).VideoDescription;
        Assert.Equal((ErrorCode.Ok, 240u), (description.Code, Assert.Single(description.Renditions).Height));
        var chunk = Single(answers, ServerFrame.BodyOneofCase.SegmentChunk).SegmentChunk;
        Assert.Equal((ErrorCode.Ok, 1024), (chunk.Code, chunk.Data.Length));
        var url = Single(answers, ServerFrame.BodyOneofCase.VideoUrl).VideoUrl;
        Assert.Equal(ErrorCode.Ok, url.Code);
    }

    [Fact]
    public async Task A_first_scan_longer_than_the_wait_is_answered_server_busy_not_unknown_video()
    {
        await using var host = await StartWithHeldScanAsync(TimeSpan.FromMilliseconds(300));
        await using var viewer = await RawClient.LoginAsync(host.Endpoint, "impatient-viewer", TestIdentities.Get(1));

        await SendInOneWriteAsync(viewer, [
            new ClientFrame { DescribeVideo = new DescribeVideo { RequestId = 1, Video = Video } },
            new ClientFrame { FetchSegment = new FetchSegment { RequestId = 2, Video = Video, Height = 240, Index = 0 } },
            new ClientFrame { RequestVideoUrl = new RequestVideoUrl { RequestId = 3, Video = Video } },
        ]);
        var answers = new List<ServerFrame> { await viewer.ReceiveAsync(), await viewer.ReceiveAsync(), await viewer.ReceiveAsync() };
        await File.WriteAllTextAsync(Gate, "");

        var description = Single(answers, ServerFrame.BodyOneofCase.VideoDescription).VideoDescription;
        var chunk = Single(answers, ServerFrame.BodyOneofCase.SegmentChunk).SegmentChunk;
        var url = Single(answers, ServerFrame.BodyOneofCase.VideoUrl).VideoUrl;
        Assert.All(
            [(description.Code, description.Message), (chunk.Code, chunk.Message), (url.Code, url.Message)],
            answer => Assert.Equal((ErrorCode.ServerBusy, VideoResolver.StillLoading), answer));
    }

    private async Task<ParleyServerHost> StartWithHeldScanAsync(TimeSpan wait)
    {
        var ffprobe = HeldFfprobe.UntilFileExists(_root, Gate);
        return await ParleyServerHost.StartAsync(
            new ParleyServerOptions
            {
                Port = 0,
                HttpPort = 0,
                DataDirectory = OwnServer.Data(_root),
                VideosDirectory = OwnServer.Videos(_root),
                GenerateSampleVideos = false,
                FfprobePath = ffprobe,
            },
            services => services.AddSingleton(new LibraryLoadWait(wait)));
    }

    private static Task SendInOneWriteAsync(RawClient client, ClientFrame[] frames) =>
        client.SendBytesAsync(frames.SelectMany(frame => FrameCodec.ToFrameBytes(frame)).ToArray());

    private static ServerFrame Single(List<ServerFrame> answers, ServerFrame.BodyOneofCase kind) =>
        Assert.Single(answers, answer => answer.BodyCase == kind);
}
