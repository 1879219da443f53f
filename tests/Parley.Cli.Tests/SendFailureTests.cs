using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

public class SendFailureTests
{
    [Fact]
    public async Task Sending_to_a_name_nobody_registered_fails_with_one_line()
    {
        await using var world = await Scenario.StartAsync();

        var send = await world.SendAsync("alice", "nobody", "hello?");

        Assert.NotEqual(0, send.ExitCode);
        Assert.Empty(send.Stdout);
        Assert.Equal("parley: nobody is registered as nobody", Assert.Single(send.Stderr));
    }

    [Fact]
    public async Task Sending_when_no_server_listens_fails_with_one_line()
    {
        using var dir = new TempDir();
        // Bound but never listening: connecting is refused, and no other process can take the port meanwhile.
        using var unused = new System.Net.Sockets.Socket(
            System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        unused.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)unused.LocalEndPoint!).Port;

        var send = await ParleyProcess.RunAsync(
            dir.Path, "send", "--server", $"127.0.0.1:{port}", "--name", "alice", "--home", dir.Sub("home"), "--to", "bob", "hi");

        Assert.Equal(1, send.ExitCode);
        var error = Assert.Single(send.Stderr);
        Assert.StartsWith("parley: cannot connect to 127.0.0.1:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_recipient_option_is_a_usage_error()
    {
        using var dir = new TempDir();

        var send = await ParleyProcess.RunAsync(dir.Path, "send", "--name", "alice", "--home", dir.Sub("home"), "hi");

        Assert.Equal(2, send.ExitCode);
        Assert.Contains(send.Stderr, line => line.Contains("--to", StringComparison.Ordinal));
    }
}
