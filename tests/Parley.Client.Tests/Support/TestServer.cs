using Parley.Server;
using Parley.Server.Hosting;

namespace Parley.Client.Tests.Support;

/// <summary>A real in-process Parley server on 127.0.0.1 and an ephemeral port, with its own data folder.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly TempFolder _root;

    private TestServer(ParleyServerHost host, TempFolder root)
    {
        Host = host;
        _root = root;
    }

    public ParleyServerHost Host { get; }

    /// <summary>"127.0.0.1:port", as <see cref="ParleyClientOptions.Server"/> takes it.</summary>
    public string Address => $"127.0.0.1:{Host.Endpoint.Port}";

    public int Port => Host.Endpoint.Port;

    /// <param name="prepareData">Writes into the data folder before the server starts (e.g. an older registry).</param>
    public static async Task<TestServer> StartAsync(Action<string>? prepareData = null)
    {
        var root = new TempFolder("parley-client-tests-server");
        try
        {
            prepareData?.Invoke(root.Sub("data"));
            var host = await ParleyServerHost.StartAsync(new ParleyServerOptions
            {
                Host = "127.0.0.1",
                Port = 0,
                DataDirectory = root.Sub("data"),
                VideosDirectory = root.Sub("videos"),
                GenerateSampleVideos = false,
            });
            return new TestServer(host, root);
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _root.Dispose();
    }
}
