using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Hosting;

namespace Parley.Server.Tests.Support;

/// <summary>An in-process server on an ephemeral port with its own temporary data directory.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private TestServer(ParleyServerHost host, string root, bool ownsDirectory)
    {
        Host = host;
        Root = root;
        _ownsDirectory = ownsDirectory;
    }

    public ParleyServerHost Host { get; private set; }

    public string Root { get; }

    public System.Net.IPEndPoint Endpoint => Host.Endpoint;

    /// <param name="services">Services of the test's own (a log to read, a gate for the login workers).</param>
    public static Task<TestServer> StartAsync(
        Func<ParleyServerOptions, ParleyServerOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        StartInAsync(Path.Combine(Path.GetTempPath(), "parley-server-tests-" + Guid.NewGuid().ToString("N")), configure, ownsDirectory: true, services);

    public static async Task<TestServer> StartInAsync(
        string root,
        Func<ParleyServerOptions, ParleyServerOptions>? configure,
        bool ownsDirectory,
        Action<IServiceCollection>? services = null)
    {
        var options = new ParleyServerOptions
        {
            Port = 0,
            DataDirectory = Path.Combine(root, "data"),
            VideosDirectory = Path.Combine(root, "videos"),
            GenerateSampleVideos = false,
        };
        options = configure?.Invoke(options) ?? options;
        try
        {
            var host = await ParleyServerHost.StartAsync(options, services ?? (_ => { }));
            return new TestServer(host, root, ownsDirectory);
        }
        catch when (ownsDirectory)
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            throw;
        }
    }

    /// <summary>Stops the server and starts a new one on the same data directory.</summary>
    public async Task RestartAsync()
    {
        var options = Host.Options with { Port = 0 };
        await Host.DisposeAsync();
        Host = await ParleyServerHost.StartAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_ownsDirectory && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
