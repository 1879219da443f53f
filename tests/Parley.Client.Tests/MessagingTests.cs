using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

public sealed class MessagingTests
{
    [Fact]
    public async Task Two_clients_exchange_messages_with_sender_recipient_time_id_and_fingerprint()
    {
        await using var bed = await TestBed.StartAsync();
        var alice = await bed.ConnectAsync("alice");
        var bob = await bed.ConnectAsync("bob");
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var outcome = await alice.SendTextAsync("bob", "hello bob, ça va? 🎉");

        Assert.Equal(SendStatus.Delivered, outcome.Status);
        Assert.True(outcome.Delivered);
        Assert.Equal("bob", outcome.To);
        var received = (await bob.NextAsync<MessageReceivedEvent>()).Message;
        Assert.Equal("alice", received.From);
        Assert.Equal("bob", received.To);
        Assert.Equal("hello bob, ça va? 🎉", received.Text);
        Assert.Equal(alice.Fingerprint, received.SenderFingerprint);
        Assert.Equal(bed.KeyOf("alice").Fingerprint, received.SenderFingerprint);
        Assert.Matches("^[0-9a-f]{32}$", received.MessageId);
        Assert.InRange(received.SentAt, before, DateTimeOffset.UtcNow.AddSeconds(5));

        Assert.True((await bob.SendTextAsync("ALICE", "hi alice")).Delivered);
        var reply = (await alice.NextAsync<MessageReceivedEvent>()).Message;
        // Names compare case-insensitively; a session message is opened as addressed to the registered name.
        Assert.Equal(("bob", "alice", "hi alice"), (reply.From, reply.To, reply.Text));
        Assert.Equal(bob.Fingerprint, reply.SenderFingerprint);
    }

    [Fact]
    public async Task Send_to_everyone_reaches_each_online_peer_sealed_for_each_and_not_the_sender()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        var carol = await bed.ConnectAsync("carol");
        var dave = await bed.ConnectAsync("dave", presence: false);
        var alice = await bed.ConnectAsync("alice");

        var outcomes = await alice.SendToEveryoneAsync("hello everyone");

        Assert.Equal(["bob", "carol", "dave"], outcomes.Select(o => o.To).Order(StringComparer.Ordinal));
        Assert.All(outcomes, o => Assert.Equal(SendStatus.Delivered, o.Status));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (client, name) in new[] { (bob, "bob"), (carol, "carol"), (dave, "dave") })
        {
            var message = (await client.NextMessageAsync("hello everyone")).Message;
            Assert.Equal("alice", message.From);
            Assert.Equal(name, message.To);
            Assert.True(ids.Add(message.MessageId), "each recipient gets its own sealed message");
        }
    }

    [Fact]
    public async Task Unknown_offline_and_invalid_recipients_get_their_status_and_nothing_is_delivered()
    {
        await using var bed = await TestBed.StartAsync();
        var alice = await bed.ConnectAsync("alice");
        var bob = await bed.ConnectAsync("bob");
        await alice.NextAsync<PeerJoinedEvent>(j => j.Peer.Name == "bob");
        await bob.DisposeAsync();
        await alice.NextAsync<PeerLeftEvent>(l => l.Name == "bob");

        var unknown = await alice.SendTextAsync("nobody", "hello?");
        var offline = await alice.SendTextAsync("bob", "are you there?");
        var invalid = await alice.SendTextAsync("two words", "hello?");

        Assert.Equal(SendStatus.UnknownRecipient, unknown.Status);
        Assert.Contains("nobody", unknown.Detail, StringComparison.Ordinal);
        Assert.Equal(SendStatus.Queued, offline.Status);
        Assert.False(offline.Delivered);
        Assert.True(offline.Accepted);
        Assert.Equal(SendStatus.Refused, invalid.Status);
        Assert.Contains("not a valid name", invalid.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_returns_a_registered_key_computed_here_and_null_for_an_unknown_name()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync("alice", presence: false);

        var found = await alice.LookupAsync("BOB");
        var missing = await alice.LookupAsync("nobody");

        Assert.NotNull(found);
        Assert.Equal("BOB", found.Name);
        Assert.Equal(bob.Fingerprint, found.Fingerprint);
        Assert.Equal(bed.KeyOf("bob").PublicKey.Spki, found.PublicKey);
        Assert.True(found.Online);
        Assert.Equal(PinStatus.FirstSeen, found.Pin);
        Assert.Null(missing);
    }

    [Fact]
    public async Task A_client_without_presence_sends_and_receives_using_lookups()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        var alice = await bed.ConnectAsync("alice", presence: false);

        Assert.Empty(alice.Online);
        Assert.True((await alice.SendTextAsync("bob", "via lookup")).Delivered);
        Assert.Equal("alice", (await bob.NextMessageAsync("via lookup")).Message.From);
        Assert.True((await bob.SendTextAsync("alice", "back via lookup")).Delivered);
        Assert.Equal("bob", (await alice.NextMessageAsync("back via lookup")).Message.From);
        Assert.Equal(PinStatus.Matches, (await alice.LookupAsync("bob"))!.Pin);
    }

    [Fact]
    public async Task A_message_to_every_connection_of_a_name_reaches_each_and_both_show_it()
    {
        await using var bed = await TestBed.StartAsync();
        var bobChat = await bed.ConnectAsync("bob");
        var bobScript = await bed.ConnectAsync("bob", presence: false);
        var alice = await bed.ConnectAsync("alice");

        var outcome = await alice.SendTextAsync("bob", "to both");

        // Delivered, without a count (SendAcks has none): both connections getting it is what shows there were two.
        Assert.True(outcome.Delivered, outcome.Detail);

        // Both connections share one home and so one session: the first to open the message deletes its key, and the
        // other shows the copy sessions.db kept of it (OpenedMessageRedeliveryTests).
        var seen = await Task.WhenAll(
            bobChat.CollectUntilAsync(e => e is MessageReceivedEvent or MessageRejectedEvent),
            bobScript.CollectUntilAsync(e => e is MessageReceivedEvent or MessageRejectedEvent));
        Assert.All(seen, events => Assert.Equal("to both", Assert.IsType<MessageReceivedEvent>(events[^1]).Message.Text));
        Assert.True(await alice.PingAsync() >= TimeSpan.Zero);
    }
}
