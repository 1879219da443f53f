using Parley.Client;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// The network drops in the middle of a playback: the client reconnects and the segment reader resumes
/// at the byte where it stopped, into the same output, which ends up holding exactly the packaged segments.
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
    public async Task Playback_resumes_at_the_byte_where_a_dropped_connection_cut_it_and_the_output_is_the_packaged_file()
    {
        await using var host = await OwnServer.StartAsync(_root);
        await using var network = new RecordingProxy(host.Endpoint.Port);
        await using var viewer = await ParleyClient.ConnectAsync(new ParleyClientOptions
        {
            Server = network.Address,
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
        network.UpstreamPort = NothingListening();
        network.DropConnections();

        // The reader goes on while the client cannot get back: its next requests fail, and it waits for the client.
        output.ReleaseWrites();
        await NextAsync<ReconnectingEvent>(viewer, e => e.Attempt >= 3);
        network.UpstreamPort = host.Endpoint.Port;
        var result = await playing.WaitAsync(s_wait);

        Assert.True(host.Videos.TryGetRendition(Video, 240, out var rendition));
        var packaged = rendition.Segments.SelectMany(s => File.ReadAllBytes(Path.Combine(rendition.Directory, s.FileName))).ToArray();
        Assert.True(cutAt < rendition.Segments[0].Bytes, $"the cut at {cutAt} bytes should fall inside the first segment");
        Assert.Equal(packaged.Length, result.Bytes);
        Assert.Equal(packaged, output.ToArray());
        await NextAsync<ReconnectedEvent>(viewer);
    }

    private static int NothingListening()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task NextAsync<T>(ParleyClient client, Func<T, bool>? match = null)
        where T : ClientEvent
    {
        using var deadline = new CancellationTokenSource(s_wait);
        while (await client.Events.ReadAsync(deadline.Token) is not T found || (match is not null && !match(found)))
        {
        }
    }
}
