using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

public sealed class PresenceTests
{
    [Fact]
    public async Task The_roster_at_login_lists_the_other_online_names_sorted_with_fingerprints_computed_here()
    {
        await using var bed = await TestBed.StartAsync();
        var carol = await bed.ConnectAsync("carol");
        var bob = await bed.ConnectAsync("Bob", presence: false);

        var alice = await bed.ConnectAsync("alice");

        Assert.Equal(["Bob", "carol"], alice.Online.Select(p => p.Name));
        Assert.Equal([bob.Fingerprint, carol.Fingerprint], alice.Online.Select(p => p.Fingerprint));
        Assert.All(alice.Online, p => Assert.True(p.Online));
        Assert.All(alice.Online, p => Assert.Equal(PinStatus.FirstSeen, p.Pin));
        Assert.Equal(bed.KeyOf("carol").PublicKey.Spki, alice.Online[1].PublicKey);
        Assert.True(alice.NewlyRegistered);
    }

    [Fact]
    public async Task Join_and_leave_events_keep_the_roster_current()
    {
        await using var bed = await TestBed.StartAsync();
        var alice = await bed.ConnectAsync("alice");
        Assert.Empty(alice.Online);

        var bob = await bed.ConnectAsync("bob");
        var joined = await alice.NextAsync<PeerJoinedEvent>();
        Assert.Equal("bob", joined.Peer.Name);
        Assert.Equal(bob.Fingerprint, joined.Peer.Fingerprint);
        Assert.Equal(["bob"], alice.Online.Select(p => p.Name));

        await bob.DisposeAsync();
        var left = await alice.NextAsync<PeerLeftEvent>();
        Assert.Equal("bob", left.Name);
        Assert.Empty(alice.Online);
    }

    [Fact]
    public async Task Without_presence_there_is_no_roster_no_join_events_and_no_send_to_everyone()
    {
        await using var bed = await TestBed.StartAsync();
        var alice = await bed.ConnectAsync("alice", presence: false);
        var bob = await bed.ConnectAsync("bob");

        Assert.True((await bob.SendTextAsync("alice", "first event")).Delivered);
        var events = await alice.CollectUntilAsync(e => e is MessageReceivedEvent);

        Assert.Single(events);
        Assert.Empty(alice.Online);
        await Assert.ThrowsAsync<InvalidOperationException>(() => alice.SendToEveryoneAsync("hello"));
    }
}
