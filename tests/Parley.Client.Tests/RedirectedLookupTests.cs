using Parley.Client.Tests.Support;
using Parley.Crypto;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>
/// Something between client and server that turns the lookup of "bob" into mallory's record must
/// not make the client seal for mallory: the answer is about another name, so it is refused
/// loudly and nothing is sent. A client that pinned bob does not ask at all: it seals to the pin and
/// names that key in the send, which the server checks (KEY_CHANGED).
/// </summary>
public sealed class RedirectedLookupTests
{
    [Fact]
    public async Task A_sender_who_never_saw_bob_refuses_a_lookup_answered_with_mallory_and_sends_nothing()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        var mallory = await bed.ConnectAsync("mallory", presence: false);
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate) { ToServer = FrameProxy.RedirectLookups("bob", "mallory") };
        var alice = await bed.ConnectAsync("alice", presence: false, server: proxy.Address);

        var error = await Assert.ThrowsAsync<ParleyException>(() => alice.SendTextAsync("bob", "for bob only"));

        Assert.Equal(ParleyErrorKind.ProtocolError, error.Kind);
        Assert.Contains("'bob'", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"mallory\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(proxy.ForwardedFromClients()[^1], f => f.BodyCase == ClientFrame.BodyOneofCase.Send);
        Assert.Empty(alice.KnownPeers.List());
        await AssertNothingReachedAsync(mallory, bob);
    }

    [Fact]
    public async Task A_sender_who_pinned_bob_seals_to_the_pin_without_a_lookup_so_a_redirected_lookup_reaches_no_one()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        var mallory = await bed.ConnectAsync("mallory", presence: false);
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate);
        var alice = await bed.ConnectAsync("alice", presence: false, server: proxy.Address);
        Assert.True((await alice.SendTextAsync("bob", "first contact")).Delivered);
        await bob.NextMessageAsync("first contact");
        proxy.ToServer = FrameProxy.RedirectLookups("bob", "mallory");
        var sentBefore = proxy.ForwardedFromClients()[^1].Count;

        Assert.True((await alice.SendTextAsync("bob", "for bob only")).Delivered);

        await bob.NextMessageAsync("for bob only");
        var sentNow = proxy.ForwardedFromClients()[^1].Skip(sentBefore).ToList();
        Assert.DoesNotContain(sentNow, f => f.BodyCase == ClientFrame.BodyOneofCase.Lookup);
        var send = Assert.Single(sentNow, f => f.BodyCase == ClientFrame.BodyOneofCase.Send).Send;
        Assert.Equal(bob.Fingerprint, KeyFingerprint.FormatKeyId(send.RecipientKeyId.Span));
        Assert.Equal(bob.Fingerprint, alice.KnownPeers.PinnedFingerprint("bob"));
        Assert.Null(alice.KnownPeers.PinnedFingerprint("mallory"));
        await AssertNothingReachedAsync(mallory, bob);
    }

    [Fact]
    public async Task A_send_to_a_pinned_name_rerouted_to_mallory_is_refused_by_the_server_as_a_key_change()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        var mallory = await bed.ConnectAsync("mallory", presence: false);
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate);
        var alice = await bed.ConnectAsync("alice", presence: false, server: proxy.Address);
        Assert.True((await alice.SendTextAsync("bob", "first contact")).Delivered);
        await bob.NextMessageAsync("first contact");
        proxy.ToServer = frame =>
        {
            if (frame.BodyCase == ClientFrame.BodyOneofCase.Send && frame.Send.To == "bob")
            {
                frame.Send.To = "mallory";
            }

            return frame;
        };

        var outcome = await alice.SendTextAsync("bob", "for bob only");

        Assert.Equal(SendStatus.KeyChanged, outcome.Status);
        Assert.Contains("mallory", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(bob.Fingerprint, alice.KnownPeers.PinnedFingerprint("bob"));
        await AssertNothingReachedAsync(mallory, bob);
    }

    [Fact]
    public async Task Lookup_and_the_key_for_an_unpinned_sender_refuse_an_answer_about_another_name()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        await bed.ConnectAsync("mallory", presence: false);
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate) { ToServer = FrameProxy.RedirectLookups("bob", "mallory") };
        var alice = await bed.ConnectAsync("alice", presence: false, server: proxy.Address);

        var error = await Assert.ThrowsAsync<ParleyException>(() => alice.LookupAsync("BOB"));
        Assert.Equal(ParleyErrorKind.ProtocolError, error.Kind);

        Assert.True((await bob.SendTextAsync("alice", "hello alice")).Delivered);
        var rejected = await alice.NextAsync<MessageRejectedEvent>();
        Assert.Equal("bob", rejected.From);
        Assert.Contains("asked for 'bob'", rejected.Reason, StringComparison.Ordinal);
        Assert.Empty(alice.KnownPeers.List());
    }

    [Fact]
    public async Task A_lookup_answer_in_another_spelling_of_the_same_name_is_accepted_under_the_name_asked_for()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("Bob", presence: false);
        var alice = await bed.ConnectAsync("alice", presence: false);

        var found = await alice.LookupAsync("BOB");
        var outcome = await alice.SendTextAsync("BOB", "any spelling");

        Assert.Equal("BOB", found!.Name);
        Assert.True(outcome.Delivered, outcome.Detail);
        Assert.Equal("BOB", outcome.To);
        Assert.Equal(bob.Fingerprint, alice.KnownPeers.PinnedFingerprint("bob"));
        // A session message is opened as addressed to the name the recipient is registered as.
        Assert.Equal(bob.Name, (await bob.NextMessageAsync("any spelling")).Message.To);
    }

    /// <summary>mallory's first event is a later marker from bob: nothing from alice arrived before it.</summary>
    private static async Task AssertNothingReachedAsync(ParleyClient mallory, ParleyClient bob)
    {
        Assert.True((await bob.SendTextAsync("mallory", "marker")).Delivered);
        var events = await mallory.CollectUntilAsync(e => e is MessageReceivedEvent);
        var received = Assert.IsType<MessageReceivedEvent>(Assert.Single(events));
        Assert.Equal(("bob", "marker"), (received.Message.From, received.Message.Text));
    }
}
