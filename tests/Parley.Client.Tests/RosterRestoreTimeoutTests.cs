using Parley.Client.Storage;
using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>A server that logs a reconnecting client in and then never sends the roster does not hang the client.</summary>
public sealed class RosterRestoreTimeoutTests
{
    [Fact]
    public async Task A_server_that_never_restores_the_roster_after_a_reconnect_is_dropped_and_the_next_attempt_restores_it()
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-restore");
        new IdentityStore(home.Path).Save(IdentityName.Parse("alice"), TestIdentities.Get(0));
        var bob = WireFrames.PeerOf("bob", TestIdentities.Get(1));
        var connecting = ParleyClient.ConnectAsync(new ParleyClientOptions
        {
            Server = fake.Address,
            Name = "alice",
            Home = home.Path,
            Reconnect = new ReconnectPolicy
            {
                InitialDelay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromMilliseconds(200),
                RestoreTimeout = TimeSpan.FromSeconds(1),
            },
        });
        var first = await fake.AcceptLoginAsync(bob);
        await using var alice = await connecting;
        first.Drop();

        // The client's second connection is logged in, and then its roster never comes (nor does a heartbeat).
        var silent = await fake.AcceptHelloAsync();
        await silent.SendAsync(WireFrames.LoginAccepted((await silent.ReadAsync()).Login));
        await fake.AcceptLoginAsync(bob);
        var events = await alice.CollectUntilAsync(e => e is ReconnectedEvent or DisconnectedEvent);

        Assert.IsType<ReconnectedEvent>(events[^1]);
        Assert.Contains(
            events,
            e => e is ReconnectingEvent { Reason: "the server logged this client in but did not restore its state (the roster) within 1 s" });
        Assert.Equal(["bob"], alice.Online.Select(peer => peer.Name));
    }
}
