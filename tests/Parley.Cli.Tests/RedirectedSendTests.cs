using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

/// <summary>`parley send --to bob` through something that answers the lookup of bob with mallory's record.</summary>
public class RedirectedSendTests
{
    [Fact]
    public async Task Send_fails_with_one_clear_line_and_mallory_gets_nothing()
    {
        await using var world = await Scenario.StartAsync();
        var bob = await world.ListenAsync("bob");
        var mallory = await world.ListenAsync("mallory", "--count", "1", "--json");
        await using var proxy = new FrameProxy(world.Server.Port, world.Server.Certificate) { ToServer = FrameProxy.RedirectLookups("bob", "mallory") };

        var send = await world.RunAsync(
            ["send", "--server", proxy.Address, "--name", "alice", "--home", world.HomeOf("alice"), "--to", "bob", "for bob only"]);

        Assert.True(send.ExitCode == 1, send.ToString());
        Assert.Empty(send.Stdout);
        var error = Assert.Single(send.Stderr);
        Assert.StartsWith("parley: the server broke the protocol: asked for 'bob'", error, StringComparison.Ordinal);
        Assert.Contains("\"mallory\"", error, StringComparison.Ordinal);

        Assert.Equal(0, (await world.SendAsync("alice", "mallory", "marker")).ExitCode);
        Assert.Equal(0, await mallory.WaitForExitAsync(Deadline.Default));
        Assert.Equal("marker", Scenario.Json(Assert.Single(mallory.StdoutLines)).GetProperty("text").GetString());
        Assert.DoesNotContain(mallory.StderrLines, line => line.Contains("rejected", StringComparison.Ordinal));
    }
}
