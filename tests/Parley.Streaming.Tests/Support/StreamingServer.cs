using System.Net;
using Parley.Client;
using Parley.Server;
using Parley.Server.Video;

namespace Parley.Streaming.Tests.Support;

/// <summary>
/// One in-process server (Parley port 0, HTTP port 0) over a temporary folder holding the test
/// videos, made once and shared by every test class of the collection; removed at the end.
/// </summary>
public sealed class StreamingServer : IAsyncLifetime
{
    private static readonly TimeSpan s_preparationTimeout = TimeSpan.FromMinutes(3);

    private ParleyServerHost? _host;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "parley-streaming-tests-" + Guid.NewGuid().ToString("N"));

    public string Home => Path.Combine(Root, "home");

    public ParleyServerHost Host => _host ?? throw new InvalidOperationException("the server has not started");

    public string Address => $"127.0.0.1:{Host.Endpoint.Port}";

    public IPEndPoint HttpEndpoint => Host.HttpEndpoint ?? throw new InvalidOperationException("no HTTP endpoint");

    public async Task InitializeAsync()
    {
        var videos = Path.Combine(Root, "videos");
        await TestMedia.WriteAsync(videos);
        _host = await ParleyServerHost.StartAsync(new ParleyServerOptions
        {
            Port = 0,
            HttpPort = 0,
            DataDirectory = Path.Combine(Root, "data"),
            VideosDirectory = videos,
            GenerateSampleVideos = false,
        });
        using var timeout = new CancellationTokenSource(s_preparationTimeout);
        await _host.Videos.WhenIdle(timeout.Token);
        Assert.True(
            _host.Videos.TryGetVideo(TestMedia.Video, out var demo) && demo.Renditions.All(r => r.State == VideoState.Ready),
            "the test video was not prepared: " + string.Join("; ", _host.Videos.List()));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    public Task<ParleyClient> ConnectAsync(string name, long? readBytesPerSecond = null) =>
        ParleyClient.ConnectAsync(new ParleyClientOptions
        {
            Server = Address,
            Name = name,
            Home = Home,
            Presence = false,
            ReadBytesPerSecond = readBytesPerSecond,
        });

    /// <summary>Runs ./parley with --server and --name filled in for client commands.</summary>
    public Task<ProcessRun> ParleyAsync(params string[] arguments) => ParleyAsync(arguments, new Dictionary<string, string>());

    /// <summary>Runs ./parley with these environment variables added (PARLEY_HOME is set already).</summary>
    public Task<ProcessRun> ParleyAsync(string[] arguments, IReadOnlyDictionary<string, string> environment) =>
        ProcessRunner.RunAsync(
            RepoRoot.Launcher,
            arguments,
            new Dictionary<string, string>(environment) { ["PARLEY_HOME"] = Home },
            TimeSpan.FromMinutes(4));

    /// <summary>Starts ./parley (input closed) with PARLEY_HOME set to the server's client home, left running.</summary>
    public RunningProcess StartParley(IEnumerable<string> arguments) =>
        RunningProcess.Start(RepoRoot.Launcher, arguments, new Dictionary<string, string> { ["PARLEY_HOME"] = Home });

    public string TempFile(string name) => Path.Combine(Root, "out-" + Guid.NewGuid().ToString("N")[..8] + "-" + name);
}

[CollectionDefinition(Name)]
public sealed class StreamingCollection : ICollectionFixture<StreamingServer>
{
    public const string Name = "streaming server";
}
