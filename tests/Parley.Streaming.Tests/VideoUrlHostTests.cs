using System.Net;
using Parley.Server.Hosting;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// A video URL names the server the way the client did: a certificate covers the names it was issued for,
/// which need not include the address a name resolved to.
/// </summary>
public sealed class VideoUrlHostTests : IAsyncLifetime
{
    private const string Video = "clip";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-url-host-" + Guid.NewGuid().ToString("N"));
    private ParleyServerHost? _host;

    private ParleyServerHost Host => _host ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        await OwnServer.MakeVideoAsync(_root, Video + "_240.mp4", 426, 240, seconds: 2);
        _host = await OwnServer.StartAsync(_root);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        TempDir.DeleteQuietly(_root);
    }

    [Fact]
    public async Task A_client_that_connected_by_name_gets_a_url_with_that_name_and_the_url_works()
    {
        await using var client = await OwnServer.ConnectAsync(Host, _root, "by-name", serverHost: "localhost");
        var grant = await client.RequestVideoUrlAsync(Video);

        Assert.Equal("localhost", grant.Url.Host);
        Assert.Equal(Host.HttpEndpoint!.Port, grant.Url.Port);
        Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(grant.Url));
    }

    [Fact]
    public async Task A_client_that_connected_by_address_gets_a_url_with_the_address()
    {
        await using var client = await OwnServer.ConnectAsync(Host, _root, "by-address");
        var grant = await client.RequestVideoUrlAsync(Video);

        Assert.Equal("127.0.0.1", grant.Url.Host);
        Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(grant.Url));
    }
}
