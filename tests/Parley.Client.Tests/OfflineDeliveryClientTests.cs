using Google.Protobuf;
using Parley.Client.Tests.Support;
using Parley.Crypto;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>
/// The client library and the offline queue (docs/protocol.md §12.2): a send to an offline name is Queued, a client with
/// ReceiveQueued gets the messages marked with when they were queued, and acknowledges what the application took, so
/// the next login does not get them again.
/// </summary>
public sealed class OfflineDeliveryClientTests
{
    [Fact]
    public async Task Messages_sent_while_offline_arrive_marked_queued_in_order_and_not_again_once_taken()
    {
        await using var bed = await TestBed.StartAsync();
        await (await bed.ConnectAsync("bob", presence: false)).DisposeAsync();
        var alice = await bed.ConnectAsync("alice", presence: false);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var first = await alice.SendTextAsync("bob", "one");
        var second = await alice.SendTextAsync("bob", "two");

        Assert.Equal((SendStatus.Queued, false, true), (first.Status, first.Delivered, first.Accepted));
        Assert.Equal(SendStatus.Queued, second.Status);
        Assert.Contains("offline", first.Detail, StringComparison.Ordinal);
        var bob = await bed.ConnectAsync(Receiving("bob", bed));
        var got = new[] { (await bob.NextAsync<MessageReceivedEvent>()).Message, (await bob.NextAsync<MessageReceivedEvent>()).Message };
        Assert.Equal(["one", "two"], got.Select(m => m.Text));
        Assert.All(got, m => Assert.True(m.WasQueued));
        Assert.All(got, m => Assert.InRange(m.QueuedAt!.Value, before, DateTimeOffset.UtcNow.AddSeconds(5)));
        await bob.DisposeAsync();

        var again = await bed.ConnectAsync(Receiving("bob", bed));
        Assert.Equal(SendStatus.Delivered, (await alice.SendTextAsync("bob", "live")).Status);
        var events = await again.CollectUntilAsync(e => e is MessageReceivedEvent { Message.Text: "live" });
        Assert.Single(events.OfType<MessageReceivedEvent>());
        Assert.Empty(events.OfType<MessageRejectedEvent>());
        Assert.False(events.OfType<MessageReceivedEvent>().Single().Message.WasQueued);
    }

    [Fact]
    public async Task A_queued_message_that_never_opens_is_refused_and_acknowledged_so_it_does_not_block_the_queue()
    {
        await using var bed = await TestBed.StartAsync();
        await (await bed.ConnectAsync("bob", presence: false)).DisposeAsync();
        await using (var forger = await RawClient.LoginAsync(bed.Server.Endpoint, "mallory", TestIdentities.Third))
        {
            Assert.True((await forger.SendAndWaitAsync("bob", new byte[] { 0xde, 0xad })).Queued);
        }

        var bob = await bed.ConnectAsync(Receiving("bob", bed));
        Assert.Equal("mallory", (await bob.NextAsync<MessageRejectedEvent>()).From);
        await bob.DisposeAsync();

        var alice = await bed.ConnectAsync("alice", presence: false);
        var again = await bed.ConnectAsync(Receiving("bob", bed));
        Assert.Equal(SendStatus.Delivered, (await alice.SendTextAsync("bob", "live")).Status);
        var events = await again.CollectUntilAsync(e => e is MessageReceivedEvent { Message.Text: "live" });
        Assert.Empty(events.OfType<MessageRejectedEvent>());
    }

    [Fact]
    public async Task A_queued_format_1_message_older_than_the_freshness_window_is_refused_saying_it_waited_and_leaves_the_queue()
    {
        await using var bed = await TestBed.StartAsync();
        await (await bed.ConnectAsync("bob", presence: false)).DisposeAsync();
        var alice = await bed.ConnectAsync("alice", presence: false);
        // Format 1 (RSA-sealed, as notes to oneself still are) carries a freshness window; session messages do not.
        Assert.True((await alice.SendSealedAsync("bob", MessageIntegrityTests.Seal(bed, "alice", "bob", "too late", DateTimeOffset.UtcNow))).Queued);

        // A window shorter than any delivery: the queued message is already too old when it arrives.
        var bob = await bed.ConnectAsync(Receiving("bob", bed) with { Freshness = new Crypto.FreshnessPolicy { MaxAge = TimeSpan.FromTicks(1) } });
        var rejected = await bob.NextAsync<MessageRejectedEvent>();
        Assert.StartsWith("stale:", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("offline queue", rejected.Reason, StringComparison.Ordinal);
        await bob.DisposeAsync();

        await using var check = await RawClient.ConnectAsync(bed.Server.Endpoint);
        Assert.Equal(0u, (await check.LoginAsync("bob", bed.KeyOf("bob"), receiveQueued: true)).QueuedCount);
    }

    [Fact]
    public async Task A_message_the_application_did_not_take_is_handed_over_again_at_the_next_login()
    {
        await using var bed = await TestBed.StartAsync();
        await (await bed.ConnectAsync("bob", presence: false)).DisposeAsync();
        await using (var raw = await RawClient.LoginAsync(bed.Server.Endpoint, "mallory", TestIdentities.Third))
        {
            Assert.True((await raw.SendAndWaitAsync("bob", new byte[] { 1 })).Queued);
            Assert.True((await raw.SendAndWaitAsync("bob", new byte[] { 2 })).Queued);
        }

        // The first refusal is taken; the second is left unread when the client closes.
        var bob = await bed.ConnectAsync(Receiving("bob", bed));
        await bob.NextAsync<MessageRejectedEvent>();
        await bob.DisposeAsync();

        await using var check = await RawClient.ConnectAsync(bed.Server.Endpoint);
        var accepted = await check.LoginAsync("bob", bed.KeyOf("bob"), receiveQueued: true);
        Assert.Equal(1u, accepted.QueuedCount);
        var delivery = (await check.ExpectAsync(ServerFrame.BodyOneofCase.Delivery)).Delivery;
        Assert.Equal(2, delivery.Sealed[0]);
    }

    [Fact]
    public async Task The_queued_time_is_the_arrival_by_this_clients_clock_less_the_wait_the_server_reports()
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-offline");
        var bob = TestIdentities.Get(1);
        new IdentityStore(home.Path).Save(Storage.IdentityName.Parse("alice"), TestIdentities.Get(0));
        var connecting = ParleyClient.ConnectAsync(
            new ParleyClientOptions { Server = fake.Address, Name = "alice", Home = home.Path, ReceiveQueued = true });
        var session = await fake.AcceptLoginAsync(WireFrames.PeerOf("bob", bob));
        await using var alice = await connecting;
        using var aliceKey = PeerKey.FromSpki(TestIdentities.Get(0).PublicKey.Spki);
        var sealedBytes = MessageSealer.Seal(bob, "bob", aliceKey, "alice", "waited an hour", DateTimeOffset.UtcNow);

        var before = DateTimeOffset.UtcNow;
        await session.SendAsync(new ServerFrame
        {
            Delivery = new Delivery { From = "bob", Sealed = ByteString.CopyFrom(sealedBytes), QueueSeq = 7, QueuedForSeconds = 3_600 },
        });
        var message = (await alice.NextMessageAsync("waited an hour")).Message;
        var after = DateTimeOffset.UtcNow;

        Assert.InRange(message.QueuedAt!.Value, before.AddHours(-1), after.AddHours(-1));
    }

    private static ParleyClientOptions Receiving(string name, TestBed bed) => new()
    {
        Server = bed.Server.Address,
        Name = name,
        Home = bed.HomeOf(name),
        Presence = false,
        ReceiveQueued = true,
    };
}
