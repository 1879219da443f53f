using Parley.Client.Storage;
using Parley.Client.Tests.Support;
using Parley.Crypto.Envelope;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>
/// Messages between two clients through a real server travel in forward-secret sessions (envelope format 2): the
/// first one sets the session up from the recipient's published prekeys, the recipient's client sends a sealed
/// delivery receipt, and a session one side lost is detected, reported and set up again.
/// </summary>
public sealed class SessionMessagingTests
{
    [Fact]
    public async Task Messages_go_in_a_session_set_up_from_the_published_prekeys_and_are_compact_on_the_wire()
    {
        await using var bed = await TestBed.StartAsync();
        await using var proxy = new RecordingProxy(bed.Server.Port, bed.Server.Certificate);
        var bob = await bed.ConnectAsync("bob", presence: false);
        var alice = await bed.ConnectAsync("alice", server: proxy.Address);
        Assert.True(bob.Prekeys!.Published, "bob's client published its prekeys at login");

        var first = await alice.SendTextAsync("bob", "first");
        var text = new string('x', 256);
        var second = await alice.SendTextAsync("bob", text);
        await bob.NextMessageAsync("first");
        await bob.NextMessageAsync(text);
        Assert.True(first.Delivered && second.Delivered, $"{first.Detail}; {second.Detail}");
        Assert.Matches("^[0-9a-f]{32}$", first.MessageId);

        // Until a message from bob opens, alice's messages carry the initial header; after his reply they are bare ratchet messages.
        Assert.True((await bob.SendTextAsync("alice", "reply")).Delivered);
        await alice.NextMessageAsync("reply");
        var third = await alice.SendTextAsync("bob", text);
        await bob.NextMessageAsync(text);
        await alice.PingAsync();

        var sends = proxy.ClientToServer().SelectMany(WireFrames.ClientFrames)
            .Where(f => f.BodyCase == ClientFrame.BodyOneofCase.Send && f.Send.To == "bob").ToList();
        // "first", the 256-byte text, the third, and alice's receipt for bob's reply.
        Assert.Equal(4, sends.Count);
        Assert.All(sends, s => Assert.Equal(EnvelopeFormat.Session, EnvelopeFormat.Read(s.Send.Sealed.Span)));
        Assert.False(SessionMessage.Parser.ParseFrom(sends[0].Send.Sealed).InitialHeader.IsEmpty);
        var bareTexts = sends.Where(s => SessionMessage.Parser.ParseFrom(s.Send.Sealed) is { InitialHeader.IsEmpty: true, Ratchet.Length: 320 }).ToList();

        // Issue 13's budget: a 256-byte text costs at most 350 bytes on the wire, length prefix and frame included.
        Assert.NotEmpty(bareTexts);
        Assert.All(bareTexts, s => Assert.InRange(4 + s.CalculateSize(), 300, 350));
        Assert.NotEqual(first.MessageId, third.MessageId);
    }

    [Fact]
    public async Task The_recipients_client_sends_a_sealed_receipt_naming_the_message_it_opened()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        var alice = await bed.ConnectAsync("alice", presence: false);

        var sent = await alice.SendTextAsync("bob", "did you read this?");
        await bob.NextMessageAsync("did you read this?");
        var receipt = await alice.NextAsync<DeliveryReceiptEvent>();

        Assert.Equal("bob", receipt.From);
        Assert.Equal([sent.MessageId!], receipt.MessageIds);

        // A receipt is not itself a message: bob's client shows none, and alice's next message is the next thing bob sees.
        Assert.True((await alice.SendTextAsync("bob", "after the receipt")).Delivered);
        var events = await bob.CollectUntilAsync(e => e is MessageReceivedEvent);
        Assert.Equal("after the receipt", Assert.IsType<MessageReceivedEvent>(Assert.Single(events, e => e is MessageReceivedEvent)).Message.Text);
        Assert.DoesNotContain(events, e => e is DeliveryReceiptEvent or MessageRejectedEvent);
    }

    [Fact]
    public async Task A_client_closed_right_after_taking_a_message_still_sends_its_receipt()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        var alice = await bed.ConnectAsync("alice", presence: false);

        var sent = await alice.SendTextAsync("bob", "read and go");
        await bob.NextMessageAsync("read and go");
        await bob.DisposeAsync(); // as `listen --count 1` does

        Assert.Equal([sent.MessageId!], (await alice.NextAsync<DeliveryReceiptEvent>()).MessageIds);
    }

    [Fact]
    public async Task A_session_the_recipient_lost_is_reported_to_the_sender_and_the_next_message_sets_up_a_new_one()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        var alice = await bed.ConnectAsync("alice", presence: false);
        Assert.True((await alice.SendTextAsync("bob", "before")).Delivered);
        await bob.NextMessageAsync("before");
        Assert.True((await bob.SendTextAsync("alice", "ack")).Delivered);
        await alice.NextMessageAsync("ack");

        // bob's home loses its sessions (a wipe or an old backup); his identity stays.
        await bob.DisposeAsync();
        File.Delete(Path.Combine(bed.Seed("bob").FolderOf("bob"), SessionStore.FileName));
        bob = await bed.ConnectAsync("bob", presence: false);

        Assert.True((await alice.SendTextAsync("bob", "lost in the old session")).Delivered);
        var refused = await bob.NextAsync<MessageRejectedEvent>();
        var reset = await alice.NextAsync<SessionResetEvent>();
        Assert.StartsWith("no session:", refused.Reason, StringComparison.Ordinal);
        Assert.Equal("bob", reset.Peer);

        Assert.True((await alice.SendTextAsync("bob", "in a new session")).Delivered);
        Assert.Equal("alice", (await bob.NextMessageAsync("in a new session")).Message.From);
    }

    [Fact]
    public async Task A_message_for_an_offline_name_waits_sealed_in_its_session_and_opens_at_the_next_login()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        await bob.DisposeAsync();
        var alice = await bed.ConnectAsync("alice", presence: false);

        var outcome = await alice.SendTextAsync("bob", "while you were away");

        Assert.Equal(SendStatus.Queued, outcome.Status);
        bob = await bed.ConnectAsync(new ParleyClientOptions
        {
            Server = bed.Server.Address,
            Name = "bob",
            Home = bed.HomeOf("bob"),
            Presence = false,
            ReceiveQueued = true,
        });
        var received = (await bob.NextMessageAsync("while you were away")).Message;
        Assert.True(received.WasQueued);
        Assert.Equal(outcome.MessageId, (await alice.NextAsync<DeliveryReceiptEvent>()).MessageIds.Single());
    }
}
