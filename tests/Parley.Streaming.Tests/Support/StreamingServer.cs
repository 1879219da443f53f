using System.Net;
using Parley.Client;
using Parley.Media.Videos;
using Parley.Server;
using Parley.Server.Hosting;

namespace Parley.Streaming.Tests.Support;

/// <summary>
/// The in-process server (Parley port 0, HTTP port 0) over a temporary folder holding the test videos,
/// made once and shared by every test class of both streaming collections; removed when the last
/// collection is done with it.
/// </summary>
public sealed class StreamingServer : IAsyncLifetime
{
    private static readonly TimeSpan s_preparationTimeout = TimeSpan.FromMinutes(3);
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static SharedServer? s_shared;
    private static int s_users;

    private SharedServer? _shared;

    public string Root => Shared.Root;

    public string Home => Path.Combine(Root, "home");

    public ParleyServerHost Host => Shared.Host;

    public string Address => $"127.0.0.1:{Host.Endpoint.Port}";

    public IPEndPoint HttpEndpoint => Host.HttpEndpoint ?? throw new InvalidOperationException("no HTTP endpoint");

    private SharedServer Shared => _shared ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            s_shared ??= await SharedServer.StartAsync();
            s_users++;
            _shared = s_shared;
        }
        finally
        {
            s_gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            if (_shared is not null && --s_users == 0)
            {
                await _shared.DisposeAsync();
                s_shared = null;
            }
        }
        finally
        {
            s_gate.Release();
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

    private sealed class SharedServer(string root, ParleyServerHost host) : IAsyncDisposable
    {
        public string Root => root;

        public ParleyServerHost Host => host;

        public static async Task<SharedServer> StartAsync()
        {
            var root = Directory.CreateTempSubdirectory("parley-streaming-tests-").FullName;
            var videos = Path.Combine(root, "videos");
            await TestMedia.WriteAsync(videos);
            var host = await ParleyServerHost.StartAsync(new ParleyServerOptions
            {
                Port = 0,
                HttpPort = 0,
                DataDirectory = Path.Combine(root, "data"),
                VideosDirectory = videos,
                GenerateSampleVideos = false,
            });
            using var timeout = new CancellationTokenSource(s_preparationTimeout);
            await host.Videos.WhenIdle(timeout.Token);
            Assert.True(
                host.Videos.TryGetVideo(TestMedia.Video, out var demo) && demo.Renditions.All(r => r.State == VideoState.Ready),
                "the test video was not prepared: " + string.Join("; ", host.Videos.List()));
            return new SharedServer(root, host);
        }

        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            TempDir.DeleteQuietly(root);
        }
    }
}

/// <summary>
/// Tests over a Parley connection and HTTP from in-process clients and chromium. They run one class at a
/// time, beside <see cref="StreamingCommandLineCollection"/>, on the same <see cref="StreamingServer"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class StreamingCollection : ICollectionFixture<StreamingServer>
{
    public const string Name = "streaming server";
}

/// <summary>Tests that run ./parley (play, videos, chat) against the shared <see cref="StreamingServer"/>, one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class StreamingCommandLineCollection : ICollectionFixture<StreamingServer>
{
    public const string Name = "streaming server, ./parley";
}
