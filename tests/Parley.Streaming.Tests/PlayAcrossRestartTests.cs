using Parley.Client;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// `parley play` while its server process restarts, and the restarted server takes seconds to scan its videos
/// (it listens before the scan is done): playback resumes where it stopped and completes, and the viewer is
/// never told the video was removed.
/// </summary>
public sealed class PlayAcrossRestartTests : IAsyncLifetime
{
    private const string Video = "restarted";
    private const int Seconds = 8;

    private static readonly TimeSpan s_wait = TimeSpan.FromMinutes(2);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-play-restart-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => OwnServer.MakeVideoAsync(_root, Video + "_720.mp4", 1280, 720, Seconds);

    public Task DisposeAsync()
    {
        TempDir.DeleteQuietly(_root);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Play_resumes_across_a_restart_whose_first_scan_is_slow_and_writes_the_whole_video_once()
    {
        await using var server = await ServerProcess.StartAsync(
            _root, "--data", OwnServer.Data(_root), "--videos", OwnServer.Videos(_root), "--ffprobe", "ffprobe");
        await WaitUntilReadyAsync(server);
        var output = Path.Combine(_root, "out.ts");
        using var play = ParleyProcess.Start(
            ["play", Video, "--server", server.Address, "--name", "viewer", "--home", Path.Combine(_root, "home"),
             "--quality", "720", "--limit-rate", "150000", "--output", output],
            _root);
        var partial = output + ".part"; // where play writes until it has the whole video
        await Deadline.UntilAsync(() => File.Exists(partial) && new FileInfo(partial).Length > 0, () => "the first bytes played; stderr:\n" + play.Stderr);

        // About 1.6 MB at 150 kB/s: most of the video is still to be asked for after the restart.
        // Its first scan now starts with an ffprobe that takes 8 s: the server listens long before it knows its videos.
        await server.RestartAsync(("--ffprobe", HeldFfprobe.ForSeconds(_root, 8)));

        var exit = await play.WaitForExitAsync(s_wait);
        Assert.True(exit == 0, $"exit {exit}; stderr:\n{play.Stderr}");
        Assert.DoesNotContain(play.StderrLines, line => line.Contains("removed", StringComparison.Ordinal));
        Assert.Contains(play.StderrLines, line => line.StartsWith("play: reconnected after", StringComparison.Ordinal));
        var packaged = Directory.GetFiles(Path.Combine(OwnServer.Data(_root), "media", Video, "720"), "seg_*.ts")
            .Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllBytes)
            .ToArray();
        Assert.Equal(packaged, await File.ReadAllBytesAsync(output));
    }

    private async Task WaitUntilReadyAsync(ServerProcess server)
    {
        await using var client = await ParleyClient.ConnectAsync(new ParleyClientOptions
        {
            Server = server.Address,
            ServerFingerprint = server.Fingerprint,
            Name = "waiter",
            Home = Path.Combine(_root, "waiter"),
            Presence = false,
        });
        using var timeout = new CancellationTokenSource(s_wait);
        while ((await client.ListVideosAsync(timeout.Token)).SingleOrDefault()?.State != VideoAvailability.Ready)
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
