using Parley.Client;
using Parley.Server;
using Parley.Server.Hosting;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// The server restarts (same port, same folders) in the middle of a playback: the client reconnects and
/// the segment reader resumes at the byte where it stopped, into the same output, which ends up holding
/// exactly the packaged segments.
/// </summary>
public sealed class PlaybackResumeTests : IAsyncLifetime
{
    private const string Video = "resumed";

    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-resume-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => OwnServer.MakeVideoAsync(_root, Video + "_240.mp4", 426, 240, seconds: 6);

    public Task DisposeAsync()
    {
        TempDir.DeleteQuietly(_root);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Playback_resumes_at_the_byte_where_a_server_restart_cut_it_and_the_output_is_the_packaged_file()
    {
        var host = await OwnServer.StartAsync(_root);
        try
        {
            await using var viewer = await ParleyClient.ConnectAsync(new ParleyClientOptions
            {
                Server = $"127.0.0.1:{host.Endpoint.Port}",
                Name = "resuming-viewer",
                Home = Path.Combine(_root, "home"),
                Presence = false,
                Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
            });
            using var output = new CountingStream();
            output.HoldLaterWrites();

            var playing = viewer.PlayVideoAsync(new PlaybackRequest(Video) { Quality = PlaybackQuality.Fixed, Height = 240 }, output);
            await output.WhenWritten(1).WaitAsync(s_wait);
            var cutAt = output.Written;
            var port = host.Endpoint.Port;
            await host.DisposeAsync();
            host = await StartOnPortAsync(port);
            output.ReleaseWrites();

            var result = await playing.WaitAsync(s_wait);

            Assert.True(host.Videos.TryGetRendition(Video, 240, out var rendition));
            var packaged = rendition.Segments.SelectMany(s => File.ReadAllBytes(Path.Combine(rendition.Directory, s.FileName))).ToArray();
            Assert.True(cutAt < rendition.Segments[0].Bytes, $"the cut at {cutAt} bytes should fall inside the first segment");
            Assert.Equal(packaged.Length, result.Bytes);
            Assert.Equal(packaged, output.ToArray());
            var events = new List<ClientEvent>();
            while (viewer.Events.TryRead(out var e))
            {
                events.Add(e);
            }

            Assert.Contains(events, e => e is ConnectionLostEvent);
            Assert.Contains(events, e => e is ReconnectedEvent);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private async Task<ParleyServerHost> StartOnPortAsync(int port)
    {
        var restarted = await ParleyServerHost.StartAsync(new ParleyServerOptions
        {
            Port = port,
            HttpPort = 0,
            DataDirectory = OwnServer.Data(_root),
            VideosDirectory = OwnServer.Videos(_root),
            GenerateSampleVideos = false,
        });
        using var timeout = new CancellationTokenSource(s_wait);
        await restarted.Videos.WhenIdle(timeout.Token);
        return restarted;
    }
}
