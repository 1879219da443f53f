using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

/// <summary>The command line's side of server pinning: one notice at first use, a refusal naming both keys, and `servers forget`.</summary>
public sealed class ServerPinningCliTests
{
    private const string Fingerprint = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";

    [Fact]
    public async Task The_first_connection_prints_one_pin_notice_and_a_changed_key_is_refused_until_forgotten()
    {
        await using var world = await Scenario.StartAsync();
        await using var relay = new RecordingProxy(world.Server.Port); // an address no test pinned up front
        string[] alice = ["--server", relay.Address, "--name", "alice", "--home", world.HomeOf("alice")];

        var first = await world.RunAsync(["who", .. alice]);
        var second = await world.RunAsync(["who", .. alice]);

        Assert.True(first.ExitCode == 0, first.ToString());
        var notice = Assert.Single(first.Stderr);
        Assert.StartsWith($"parley: first connection to {relay.Address}: pinned its key {world.Server.Fingerprint} in ", notice, StringComparison.Ordinal);
        Assert.Empty(second.Stderr);

        await using var other = await ServerProcess.StartAsync(world.Dir.Path, "--data", world.Dir.Sub("data-2"));
        relay.UpstreamPort = other.Port;
        var refused = await world.RunAsync(["who", .. alice]);

        Assert.Equal(1, refused.ExitCode);
        var refusal = Assert.Single(refused.Stderr);
        Assert.Contains($"presented the key {other.Fingerprint}, but {world.Server.Fingerprint} is pinned", refusal, StringComparison.Ordinal);
        Assert.Contains($"parley servers forget {relay.Address}", refusal, StringComparison.Ordinal);

        var forget = await world.RunAsync("servers", "forget", relay.Address, "--home", world.HomeOf("alice"));
        var again = await world.RunAsync(["who", .. alice]);

        Assert.True(forget.ExitCode == 0, forget.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains(other.Fingerprint!, Assert.Single(again.Stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_insecure_server_says_so_and_insecure_clients_still_chat()
    {
        using var dir = new TempDir("parley-cli-insecure");
        await using var server = await ServerProcess.StartAsync(dir.Path, "--insecure", "--data", dir.Sub("data"), "--videos", dir.Sub("videos"));
        string[] bob = ["--server", server.Address, "--name", "bob", "--home", dir.Sub("bob"), "--insecure"];
        string[] alice = ["--server", server.Address, "--name", "alice", "--home", dir.Sub("alice"), "--insecure"];

        var listen = ParleyProcess.Start(["listen", .. bob, "--count", "1"], dir.Path);
        await listen.WaitForStderrAsync(line => line == "listening as bob", "'listening as bob'");
        var send = await ParleyProcess.RunAsync(dir.Path, ["send", .. alice, "--to", "bob", "in the clear"]);
        var refused = await ParleyProcess.RunAsync(dir.Path, "send", "--server", server.Address, "--name", "alice", "--home", dir.Sub("alice"), "--to", "bob", "x");

        Assert.Null(server.Fingerprint);
        Assert.Contains(server.Process.StdoutLines, line => line.StartsWith("parley server is INSECURE", StringComparison.Ordinal));
        Assert.Contains(server.Process.StdoutLines, line => line.Contains("INSECURE: --insecure serves plain TCP", StringComparison.Ordinal));
        Assert.True(send.ExitCode == 0, send.ToString());
        Assert.Equal(0, await listen.WaitForExitAsync(Deadline.Default));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--insecure", Assert.Single(refused.Stderr), StringComparison.Ordinal);
        listen.Dispose();
    }

    [Theory]
    [InlineData("::1", "[::1]:7878")]
    [InlineData("[::1]", "[::1]:7878")]
    [InlineData("[::1]:7878", "[::1]:7878")]
    [InlineData("[::1]:9000", "[::1]:9000")]
    [InlineData("localhost", "localhost:7878")]
    [InlineData("LocalHost:7878", "localhost:7878")]
    public async Task Servers_forget_takes_the_address_in_any_form_the_server_flag_takes(string typed, string forgotten)
    {
        using var dir = new TempDir("parley-cli-forget");
        var home = Directory.CreateDirectory(dir.Sub("home")).FullName;
        string[] pinned = ["[::1]:7878", "[::1]:9000", "localhost:7878", "localhost:9000"];
        await File.WriteAllLinesAsync(Path.Combine(home, "known_servers"), pinned.Select(server => $"{server} {Fingerprint}"));

        var forget = await ParleyProcess.RunAsync(dir.Path, "servers", "forget", typed, "--home", home);

        Assert.True(forget.ExitCode == 0, forget.ToString());
        Assert.Equal($"forgot the key of {forgotten}; the next connection pins the key it presents", Assert.Single(forget.Stdout));
        var left = (await File.ReadAllLinesAsync(Path.Combine(home, "known_servers"))).Select(line => line.Split(' ')[0]);
        Assert.Equal(pinned.Where(server => server != forgotten), left);
    }

    [Fact]
    public async Task Servers_forget_refuses_what_is_not_a_server_address_and_keeps_every_pin()
    {
        using var dir = new TempDir("parley-cli-forget");
        var home = Directory.CreateDirectory(dir.Sub("home")).FullName;
        var pins = Path.Combine(home, "known_servers");
        await File.WriteAllTextAsync(pins, $"[::1]:7878 {Fingerprint}\n");

        var forget = await ParleyProcess.RunAsync(dir.Path, "servers", "forget", "[::1]:port", "--home", home);

        Assert.Equal(2, forget.ExitCode);
        Assert.Equal("parley: 'port' is not a port number (1-65535) in server address '[::1]:port'", Assert.Single(forget.Stderr));
        Assert.Equal($"[::1]:7878 {Fingerprint}\n", await File.ReadAllTextAsync(pins));
    }
}
