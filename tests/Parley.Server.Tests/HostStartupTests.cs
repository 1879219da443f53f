
namespace Parley.Server.Tests;

public sealed class HostStartupTests
{
    [Fact]
    public async Task Starting_creates_missing_data_and_videos_directories_and_reports_the_real_port()
    {
        await using var server = await TestServer.StartAsync(o => o with
        {
            DataDirectory = Path.Combine(o.DataDirectory, "nested"),
        });

        Assert.True(Directory.Exists(server.Host.Options.DataDirectory));
        Assert.True(Directory.Exists(server.Host.Options.VideosDirectory));
        Assert.NotEqual(0, server.Endpoint.Port);
        Assert.Equal(System.Net.IPAddress.Loopback, server.Endpoint.Address);
        await using var client = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
    }

    [Fact]
    public async Task Starting_on_a_port_in_use_fails_with_an_io_error()
    {
        await using var first = await TestServer.StartAsync();

        var error = await Record.ExceptionAsync(() => TestServer.StartAsync(o => o with { Port = first.Endpoint.Port }));

        Assert.IsAssignableFrom<IOException>(error);
    }
}
