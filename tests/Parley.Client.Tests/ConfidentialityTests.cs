using System.Text;
using Parley.Client.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

public sealed class ConfidentialityTests
{
    [Fact]
    public async Task The_server_and_the_network_never_see_the_plaintext_while_the_message_is_delivered()
    {
        await using var bed = await TestBed.StartAsync();
        await using var proxy = new RecordingProxy(bed.Server.Port, bed.Server.Certificate);
        var bob = await bed.ConnectAsync("bob", server: proxy.Address);
        var alice = await bed.ConnectAsync("alice", server: proxy.Address);
        var secret = "attack at dawn " + Guid.NewGuid().ToString("N");

        Assert.True((await alice.SendTextAsync("bob", secret)).Delivered);
        Assert.Equal(secret, (await bob.NextMessageAsync(secret)).Message.Text);
        await alice.PingAsync();
        await bob.PingAsync();

        var toServer = proxy.ClientToServer();
        var toClients = proxy.ServerToClient();
        Assert.Equal(2, toServer.Count);
        var sends = toServer.SelectMany(WireFrames.ClientFrames).Where(f => f.BodyCase == ClientFrame.BodyOneofCase.Send).ToList();
        // The other send is bob's delivery receipt to alice, sealed in the same session.
        var sent = Assert.Single(sends, f => f.Send.To == "bob");
        Assert.True(sent.Send.Sealed.Length > secret.Length, "the sealed message crossed the proxy");
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        var uniquePart = Encoding.UTF8.GetBytes(secret[15..]);
        foreach (var recorded in toServer.Concat(toClients))
        {
            Assert.Equal(-1, recorded.AsSpan().IndexOf(secretBytes));
            Assert.Equal(-1, recorded.AsSpan().IndexOf(uniquePart));
        }
    }
}
