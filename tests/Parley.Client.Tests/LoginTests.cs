using System.Net;
using System.Net.Sockets;
using Parley.Client.Connection;
using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

public sealed class LoginTests
{
    [Fact]
    public async Task A_different_key_claiming_a_taken_name_is_refused_with_name_taken()
    {
        await using var bed = await TestBed.StartAsync();
        await bed.ConnectAsync("bob");
        bed.Seed("BOB", bed.KeyOf("impostor"), bed.HomeOf("impostor"));

        var error = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync("BOB", home: bed.HomeOf("impostor")));

        Assert.Equal(ParleyErrorKind.NameTaken, error.Kind);
        Assert.Contains("belongs to another key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task An_invalid_name_is_refused_before_connecting()
    {
        using var home = new TempDir("parley-client-tests-login");

        var error = await Assert.ThrowsAsync<ParleyException>(() => ParleyClient.ConnectAsync(
            new ParleyClientOptions { Server = "127.0.0.1:1", Name = "zero\u200Bwidth", Home = home.Path }));

        Assert.Equal(ParleyErrorKind.InvalidName, error.Kind);
        Assert.Contains("U+200B", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(home.Path));
    }

    [Fact]
    public async Task A_port_with_no_server_gives_connection_failed()
    {
        await using var bed = await TestBed.StartAsync();
        // Bound but never listening: connecting is refused, and no other process can take the port meanwhile.
        using var unused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        unused.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var freePort = ((IPEndPoint)unused.LocalEndPoint!).Port;

        var error = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync("alice", server: $"127.0.0.1:{freePort}"));

        Assert.Equal(ParleyErrorKind.ConnectionFailed, error.Kind);
        Assert.Contains($"127.0.0.1:{freePort}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_gives_timeout()
    {
        await using var bed = await TestBed.StartAsync();
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var error = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync(new ParleyClientOptions
            {
                Server = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}",
                Name = "alice",
                Home = bed.HomeOf("alice"),
                ConnectTimeout = TimeSpan.FromSeconds(1),
            }));

            Assert.Equal(ParleyErrorKind.Timeout, error.Kind);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Theory]
    [InlineData("example.org:9000", "example.org", 9000)]
    [InlineData("example.org", "example.org", 7878)]
    [InlineData("127.0.0.1:1", "127.0.0.1", 1)]
    [InlineData("[::1]:8000", "::1", 8000)]
    [InlineData("::1", "::1", 7878)]
    [InlineData(" localhost:7879 ", "localhost", 7879)]
    public void Server_addresses_are_host_and_optional_port(string text, string host, int port) =>
        Assert.Equal(new ServerAddress(host, port), ServerAddress.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("host:port")]
    [InlineData(":7878")]
    [InlineData("[::1")]
    public void Bad_server_addresses_are_refused_as_connection_failures(string text) =>
        Assert.Equal(ParleyErrorKind.ConnectionFailed, Assert.Throws<ParleyException>(() => ServerAddress.Parse(text)).Kind);
}
