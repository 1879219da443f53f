using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server;
using Parley.Server.Hosting;

namespace Parley.Testing;

/// <summary>A real in-process Parley server on 127.0.0.1 and a port the kernel picks, with its own temporary data folder.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly bool _ownsDirectory;
    private readonly Action<IServiceCollection> _services;

    private TestServer(ParleyServerHost host, string root, bool ownsDirectory, Action<IServiceCollection> services)
    {
        Host = host;
        Root = root;
        _ownsDirectory = ownsDirectory;
        _services = services;
        Register();
    }

    /// <summary>The key fingerprint clients pin ("SHA256:…"); null for a server started insecure.</summary>
    public string? Fingerprint => Host.Fingerprint;

    /// <summary>The server's own certificate with its key (from data/tls): what a front holding the server's key presents.</summary>
    public X509Certificate2 Certificate => TestTls.ServerIdentityIn(Host.Options.DataDirectory);

    public ParleyServerHost Host { get; private set; }

    /// <summary>The folder holding data/ and videos/.</summary>
    public string Root { get; }

    public IPEndPoint Endpoint => Host.Endpoint;

    public int Port => Host.Endpoint.Port;

    /// <summary>"127.0.0.1:port", as a client's --server or <c>ParleyClientOptions.Server</c> takes it.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <param name="configure">Changes the options (port 0, no HTTP sample videos) before the server starts.</param>
    /// <param name="services">Services of the test's own (a log to read, a clock, a gate for the login workers).</param>
    /// <param name="prepareData">Writes into the data folder before the server starts (e.g. an older registry).</param>
    public static Task<TestServer> StartAsync(
        Func<ParleyServerOptions, ParleyServerOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<string>? prepareData = null)
    {
        var root = Directory.CreateTempSubdirectory("parley-server-").FullName;
        prepareData?.Invoke(Path.Combine(root, "data"));
        return StartInAsync(root, configure, ownsDirectory: true, services);
    }

    /// <param name="ownsDirectory">Deletes <paramref name="root"/> when the server is disposed (or fails to start).</param>
    public static async Task<TestServer> StartInAsync(
        string root,
        Func<ParleyServerOptions, ParleyServerOptions>? configure,
        bool ownsDirectory,
        Action<IServiceCollection>? services = null)
    {
        services ??= _ => { };
        var options = new ParleyServerOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            DataDirectory = Path.Combine(root, "data"),
            VideosDirectory = Path.Combine(root, "videos"),
            GenerateSampleVideos = false,
        };
        options = configure?.Invoke(options) ?? options;
        try
        {
            var host = await ParleyServerHost.StartAsync(options, services);
            return new TestServer(host, root, ownsDirectory, services);
        }
        catch when (ownsDirectory)
        {
            TempDir.DeleteQuietly(root);
            throw;
        }
    }

    /// <summary>
    /// Copies this server's TLS identity (data/tls) into <paramref name="dataDirectory"/>: a second server started
    /// there is the same server to clients (same pin, same channel binding) with a registry of its own, as a
    /// hostile operator swapping registries behind one address would be.
    /// </summary>
    public void CopyIdentityTo(string dataDirectory) => TestTls.CopyIdentity(Host.Options.DataDirectory, dataDirectory);

    /// <summary>Stops the server and starts a new one on the same data directory.</summary>
    public async Task RestartAsync()
    {
        var options = Host.Options with { Port = 0 };
        await Host.DisposeAsync();
        Host = await ParleyServerHost.StartAsync(options, _services);
        Register();
    }

    private void Register()
    {
        if (Fingerprint is { } fingerprint)
        {
            KnownTestServers.Register(Address, fingerprint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_ownsDirectory)
        {
            TempDir.DeleteQuietly(Root);
        }
    }
}
