using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using Parley.Client.Storage;
using Parley.Client.Tests.Support;
using Parley.Crypto.Sessions;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>
/// A session message's key is deleted when it opens, so the same delivery cannot open twice. sessions.db keeps what it
/// opened to (docs/sessions.md §13, "Opened messages"): a queued message the application never took comes again at
/// the next login and is shown, another window of the same home shows a live message too, and a real replay to the
/// same client is still refused.
/// </summary>
public sealed class OpenedMessageRedeliveryTests
{
    [Fact]
    public async Task A_queued_session_message_opened_but_not_taken_comes_again_at_the_next_login_and_is_shown()
    {
        await using var bed = await TestBed.StartAsync();
        await (await bed.ConnectAsync("bob", presence: false)).DisposeAsync();
        var alice = await bed.ConnectAsync("alice", presence: false);
        foreach (var text in (string[])["one", "two", "three"])
        {
            Assert.Equal(SendStatus.Queued, (await alice.SendTextAsync("bob", text)).Status);
        }

        // bob's client opens all three (their keys are gone), the application takes only the first, and the client closes.
        var bob = await bed.ConnectAsync(Receiving("bob", bed));
        Assert.True((await bob.NextAsync<MessageReceivedEvent>()).Message is { Text: "one", WasQueued: true });
        await Deadline.UntilAsync(() => bob.Events.Count >= 2, () => $"bob's client to open the other two ({bob.Events.Count} events waiting)");
        await bob.DisposeAsync();

        var again = await bed.ConnectAsync(Receiving("bob", bed));
        Assert.Equal(SendStatus.Delivered, (await alice.SendTextAsync("bob", "live")).Status);
        var events = await again.CollectUntilAsync(e => e is MessageReceivedEvent { Message.Text: "live" });

        Assert.Empty(events.OfType<MessageRejectedEvent>());
        var shown = events.OfType<MessageReceivedEvent>().Select(e => e.Message).ToList();
        Assert.Equal(["two", "three", "live"], shown.Select(m => m.Text));
        Assert.True(shown[0].WasQueued && shown[1].WasQueued);
        Assert.Equal("alice", shown[0].From);
    }

    [Fact]
    public async Task Two_clients_on_one_home_both_show_a_live_message_from_a_third()
    {
        await using var bed = await TestBed.StartAsync();
        var bobChat = await bed.ConnectAsync("bob");
        var bobScript = await bed.ConnectAsync("bob", presence: false);
        var alice = await bed.ConnectAsync("alice");

        Assert.True((await alice.SendTextAsync("bob", "to both")).Delivered);
        Assert.True((await alice.SendTextAsync("bob", "and again")).Delivered);

        // One of them opened each message; the other found it in the home's sessions.db and shows it all the same.
        foreach (var bob in new[] { bobChat, bobScript })
        {
            var events = await bob.CollectUntilAsync(e => e is MessageReceivedEvent { Message.Text: "and again" });
            Assert.Empty(events.OfType<MessageRejectedEvent>());
            Assert.Equal(["to both", "and again"], events.OfType<MessageReceivedEvent>().Select(e => e.Message.Text));
        }
    }

    [Fact]
    public async Task With_no_opened_messages_kept_the_second_window_refuses_a_message_as_replayed()
    {
        await using var bed = await TestBed.StartAsync();
        var keepNothing = new SessionStoreOptions { MaxOpenedMessages = 0 };
        var windows = new[]
        {
            await bed.ConnectAsync(new ParleyClientOptions { Server = bed.Server.Address, Name = "bob", Home = bed.HomeOf("bob"), SessionStore = keepNothing }),
            await bed.ConnectAsync(new ParleyClientOptions { Server = bed.Server.Address, Name = "bob", Home = bed.HomeOf("bob"), Presence = false, SessionStore = keepNothing }),
        };
        var alice = await bed.ConnectAsync("alice");

        Assert.True((await alice.SendTextAsync("bob", "to one of them")).Delivered);

        var last = await Task.WhenAll(windows.Select(async bob => (await bob.CollectUntilAsync(e => e is MessageReceivedEvent or MessageRejectedEvent))[^1]));
        Assert.Single(last.OfType<MessageReceivedEvent>());
        Assert.StartsWith("replayed:", Assert.Single(last.OfType<MessageRejectedEvent>()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_window_that_opened_a_message_sends_its_delivery_receipt()
    {
        await using var bed = await TestBed.StartAsync();
        var bobChat = await bed.ConnectAsync("bob");
        var bobScript = await bed.ConnectAsync("bob", presence: false);
        var alice = await bed.ConnectAsync("alice");

        var sent = await alice.SendTextAsync("bob", "to both");
        await alice.NextAsync<DeliveryReceiptEvent>(r => r.MessageIds.Contains(sent.MessageId!));

        // Each window shows it, then writes to alice: what either receipted, it did before writing.
        foreach (var (bob, text) in new[] { (bobChat, "from chat"), (bobScript, "from script") })
        {
            await bob.NextMessageAsync("to both");
            Assert.True((await bob.SendTextAsync("alice", text)).Delivered);
        }

        var seen = new List<ClientEvent>();
        seen.AddRange(await alice.CollectUntilAsync(e => e is MessageReceivedEvent { Message.Text: "from chat" or "from script" }));
        seen.AddRange(await alice.CollectUntilAsync(e => e is MessageReceivedEvent { Message.Text: "from chat" or "from script" }));
        Assert.DoesNotContain(seen.OfType<DeliveryReceiptEvent>(), r => r.MessageIds.Contains(sent.MessageId!));
    }

    [Fact]
    public async Task The_same_session_delivery_sent_again_to_one_client_is_refused_as_replayed()
    {
        await using var fake = new FakeServer();
        using var homes = new TempDir("parley-client-tests-opened");
        var aliceKey = TestIdentities.Get(0);
        var aliceHome = new IdentityStore(homes.Combine("alice"));
        aliceHome.Save(IdentityName.Parse("alice"), aliceKey);
        using var bob = new SessionParty(homes, "bob", 1, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var toAlice = new SessionNames("bob", "alice");
        byte[] live, queued, queuedTwice;
        using (var aliceSessions = SessionStore.Open(Path.Combine(aliceHome.FolderOf("alice"), SessionStore.FileName), aliceKey))
        {
            using var bundle = PrekeyBundleVerifier.Verify(aliceSessions.CurrentBundle(withOneTimePrekey: true), aliceKey.PublicKey);
            live = bob.Sealer.Seal(aliceKey.PublicKey, toAlice, SessionParty.Content("pay 10 coins"), bundle).Envelope;
            queued = bob.Sealer.Seal(aliceKey.PublicKey, toAlice, SessionParty.Content("pay 20 coins")).Envelope;
            queuedTwice = bob.Sealer.Seal(aliceKey.PublicKey, toAlice, SessionParty.Content("pay 30 coins")).Envelope;
        }

        var connecting = ParleyClient.ConnectAsync(new ParleyClientOptions { Server = fake.Address, Name = "alice", Home = aliceHome.Home, PublishPrekeys = false });
        var session = await fake.AcceptLoginAsync(WireFrames.PeerOf("bob", bob.Identity));
        await using var alice = await connecting;

        // Live, shown, then the same bytes again.
        await session.SendAsync(Deliver(live));
        await alice.NextMessageAsync("pay 10 coins");
        await session.SendAsync(Deliver(live));
        Assert.StartsWith("replayed:", (await alice.NextAsync<MessageRejectedEvent>()).Reason, StringComparison.Ordinal);

        // Queued, taken, then handed over again (a real server never does so on one connection).
        await session.SendAsync(Deliver(queued, queueSeq: 1));
        await alice.NextMessageAsync("pay 20 coins");
        await session.SendAsync(Deliver(queued, queueSeq: 1));
        Assert.StartsWith("replayed:", (await alice.NextAsync<MessageRejectedEvent>()).Reason, StringComparison.Ordinal);

        // Queued twice before the application took the first copy: one is shown, the other refused.
        await session.SendAsync(Deliver(queuedTwice, queueSeq: 2));
        await session.SendAsync(Deliver(queuedTwice, queueSeq: 3));
        var events = await alice.CollectUntilAsync(e => e is MessageRejectedEvent);
        Assert.Equal("pay 30 coins", Assert.Single(events.OfType<MessageReceivedEvent>()).Message.Text);
        Assert.StartsWith("replayed:", ((MessageRejectedEvent)events[^1]).Reason, StringComparison.Ordinal);
    }

    private static ServerFrame Deliver(byte[] envelope, ulong queueSeq = 0) => new()
    {
        Delivery = new Delivery
        {
            From = "bob",
            Sealed = ByteString.CopyFrom(envelope),
            QueueSeq = queueSeq,
            QueuedForSeconds = queueSeq == 0 ? 0u : 5u,
        },
    };

    private static ParleyClientOptions Receiving(string name, TestBed bed) => new()
    {
        Server = bed.Server.Address,
        Name = name,
        Home = bed.HomeOf(name),
        Presence = false,
        ReceiveQueued = true,
    };
}
