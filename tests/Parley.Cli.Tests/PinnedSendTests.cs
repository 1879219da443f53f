using Parley.Cli.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Cli.Tests;

/// <summary>`parley send` to a name it has pinned uses the pin: no lookup round trip, and the server checks the key.</summary>
public class PinnedSendTests
{
    [Fact]
    public async Task A_second_send_to_a_pinned_name_makes_no_lookup_and_is_delivered()
    {
        await using var world = await Scenario.StartAsync();
        var bob = await world.ListenAsync("bob", "--count", "2", "--json");
        await using var proxy = new FrameProxy(world.Server.Port, world.Server.Certificate);
        string[] SendVia(string text) =>
            ["send", "--server", proxy.Address, "--name", "alice", "--home", world.HomeOf("alice"), "--to", "bob", text];

        var first = await world.RunAsync(SendVia("first contact"));
        var second = await world.RunAsync(SendVia("pinned now"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var connections = proxy.ForwardedFromClients();
        Assert.Contains(connections[0], f => f.BodyCase == ClientFrame.BodyOneofCase.Lookup);
        Assert.DoesNotContain(connections[^1], f => f.BodyCase == ClientFrame.BodyOneofCase.Lookup);
        Assert.False(Assert.Single(connections[^1], f => f.BodyCase == ClientFrame.BodyOneofCase.Send).Send.RecipientKeyId.IsEmpty);
        Assert.Equal(0, await bob.WaitForExitAsync(Deadline.Default));
        Assert.Equal(
            ["first contact", "pinned now"],
            bob.StdoutLines.Select(line => Scenario.Json(line).GetProperty("text").GetString()));
    }
}
