using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class RosterAndPresenceTests
{
    [Fact]
    public async Task The_first_presence_client_gets_one_empty_last_roster_page()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.ConnectAsync(server.Endpoint);

        await alice.LoginAsync("alice", TestIdentities.First, presence: true);

        Assert.Empty(alice.InitialRoster);
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task The_roster_lists_online_peers_except_self_with_their_keys()
    {
        await using var server = await TestServer.StartAsync();
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await using var carol = await RawClient.LoginAsync(server.Endpoint, "carol", TestIdentities.Third);
        await using var alice = await RawClient.ConnectAsync(server.Endpoint);

        var accepted = await alice.LoginAsync("alice", TestIdentities.First, presence: true);

        Assert.Equal(3u, accepted.OnlineCount);
        Assert.Equal(["bob", "carol"], alice.InitialRoster.Select(p => p.Name).Order());
        var bobPeer = alice.InitialRoster.Single(p => p.Name == "bob");
        Assert.True(bobPeer.Online);
        Assert.Equal(TestIdentities.Second.PublicKey.Spki, bobPeer.PublicKey.ToByteArray());
        Assert.Equal(TestIdentities.Second.Fingerprint, bobPeer.Fingerprint);
    }

    [Fact]
    public async Task Watchers_get_peer_joined_then_peer_left_after_goodbye()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.ConnectAsync(server.Endpoint);
        await alice.LoginAsync("alice", TestIdentities.First, presence: true);
        await using var quiet = await RawClient.LoginAsync(server.Endpoint, "quiet", TestIdentities.Third);

        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        var joined = await alice.ReceiveUntilAsync(f => f.PeerJoined?.Peer.Name == "bob");
        await bob.SayGoodbyeAsync();
        await bob.ExpectClosedAsync();
        var left = await alice.ExpectAsync(ServerFrame.BodyOneofCase.PeerLeft);

        Assert.Equal(TestIdentities.Second.PublicKey.Spki, joined.PeerJoined.Peer.PublicKey.ToByteArray());
        Assert.True(joined.PeerJoined.Peer.Online);
        Assert.Equal("bob", left.PeerLeft.Name);
        await quiet.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task A_crashed_client_without_goodbye_is_reported_as_left()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.ConnectAsync(server.Endpoint);
        await alice.LoginAsync("alice", TestIdentities.First, presence: true);
        var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await alice.ExpectAsync(ServerFrame.BodyOneofCase.PeerJoined);

        bob.Crash();

        var left = await alice.ExpectAsync(ServerFrame.BodyOneofCase.PeerLeft);
        Assert.Equal("bob", left.PeerLeft.Name);
        await using var carol = await RawClient.LoginAsync(server.Endpoint, "carol", TestIdentities.Third);
        Assert.True((await carol.SendAndWaitAsync("bob", new byte[] { 1 })).Queued, "bob is offline: the message is queued");
    }

    [Fact]
    public async Task A_watcher_does_not_hear_about_its_own_name()
    {
        await using var server = await TestServer.StartAsync();
        await using var first = await RawClient.ConnectAsync(server.Endpoint);
        await first.LoginAsync("alice", TestIdentities.First, presence: true);

        await using var second = await RawClient.ConnectAsync(server.Endpoint);
        await second.LoginAsync("alice", TestIdentities.First, presence: true);
        await second.SayGoodbyeAsync();
        await second.ExpectClosedAsync();

        Assert.Empty(second.InitialRoster);
        await first.ExpectNothingPendingAsync();
    }
}
