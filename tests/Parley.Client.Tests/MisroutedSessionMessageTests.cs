using Parley.Client.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>
/// Sessions are between keys and a key may own several names. A hostile front for the server (a proxy that holds
/// the server's certificate, so everything else checks out) hands alice's message for "bob" to "bob-work", another
/// name of bob's key, or relabels it as from "alice2", another name of alice's key: the recipient's client refuses it,
/// says why, and shows nothing; its session state is untouched, so the next honest message opens.
/// </summary>
public sealed class MisroutedSessionMessageTests
{
    [Fact]
    public async Task A_message_for_bob_handed_to_another_name_of_bobs_key_is_refused_as_not_addressed_to_it()
    {
        await using var bed = await TestBed.StartAsync();
        var bobKey = bed.KeyOf("bob");
        await bed.ConnectAsync(new ParleyClientOptions { Server = bed.Server.Address, Name = "bob", Home = bed.HomeOf("bob"), Presence = false, PublishPrekeys = false });
        bed.Seed("bob-work", bobKey);
        var bobWork = await bed.ConnectAsync("bob-work", presence: false);
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate) { ToServer = Redirect("bob", "bob-work") };
        var alice = await bed.ConnectAsync("alice", presence: false, server: proxy.Address);

        Assert.True((await alice.SendTextAsync("bob", "for bob only")).Delivered);

        var rejected = await bobWork.NextAsync<MessageRejectedEvent>();
        Assert.Equal("alice", rejected.From);
        Assert.Contains("from 'alice' to 'bob-work'", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("another name of this identity", rejected.Reason, StringComparison.Ordinal);

        proxy.ToServer = null;
        Assert.True((await alice.SendTextAsync("bob-work", "for bob-work")).Delivered);
        var events = await bobWork.CollectUntilAsync(e => e is MessageReceivedEvent);
        var received = Assert.IsType<MessageReceivedEvent>(Assert.Single(events));
        Assert.Equal(("alice", "bob-work", "for bob-work"), (received.Message.From, received.Message.To, received.Message.Text));
    }

    [Fact]
    public async Task A_message_from_alice_relabelled_as_from_another_name_of_her_key_is_refused_as_not_from_that_name()
    {
        await using var bed = await TestBed.StartAsync();
        var aliceKey = bed.KeyOf("alice");
        bed.Seed("alice2", aliceKey);
        await bed.ConnectAsync(new ParleyClientOptions { Server = bed.Server.Address, Name = "alice2", Home = bed.HomeOf("alice2"), Presence = false, PublishPrekeys = false });
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate) { ToClient = Relabel("alice", "alice2") };
        var bob = await bed.ConnectAsync("bob", presence: false, server: proxy.Address);
        var alice = await bed.ConnectAsync("alice", presence: false);

        Assert.True((await alice.SendTextAsync("bob", "from alice")).Delivered);

        var rejected = await bob.NextAsync<MessageRejectedEvent>();
        Assert.Equal("alice2", rejected.From);
        Assert.Contains("from 'alice2' to 'bob'", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("another sender name", rejected.Reason, StringComparison.Ordinal);

        proxy.ToClient = null;
        Assert.True((await alice.SendTextAsync("bob", "from alice again")).Delivered);
        var events = await bob.CollectUntilAsync(e => e is MessageReceivedEvent);
        var received = Assert.IsType<MessageReceivedEvent>(Assert.Single(events));
        Assert.Equal(("alice", "bob", "from alice again"), (received.Message.From, received.Message.To, received.Message.Text));
    }

    [Fact]
    public async Task A_message_another_window_of_the_home_opened_is_not_shown_again_when_relabelled_as_from_another_name()
    {
        await using var bed = await TestBed.StartAsync();
        var aliceKey = bed.KeyOf("alice");
        bed.Seed("alice2", aliceKey);
        await bed.ConnectAsync(new ParleyClientOptions { Server = bed.Server.Address, Name = "alice2", Home = bed.HomeOf("alice2"), Presence = false, PublishPrekeys = false });
        var bob = await bed.ConnectAsync("bob", presence: false);
        using var firstWindowShowedIt = new ManualResetEventSlim();
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate)
        {
            ToClient = frame =>
            {
                if (frame.BodyCase == ServerFrame.BodyOneofCase.Delivery && frame.Delivery.From == "alice")
                {
                    // Held until the other window has opened it, so this copy can only be shown from sessions.db's kept copy.
                    firstWindowShowedIt.Wait(TimeSpan.FromSeconds(30));
                    frame.Delivery.From = "alice2";
                }

                return frame;
            },
        };
        var otherWindow = await bed.ConnectAsync("bob", presence: false, server: proxy.Address);
        var alice = await bed.ConnectAsync("alice", presence: false);

        Assert.True((await alice.SendTextAsync("bob", "from alice")).Delivered);
        var shown = await bob.NextAsync<MessageReceivedEvent>();
        Assert.Equal(("alice", "from alice"), (shown.Message.From, shown.Message.Text));
        firstWindowShowedIt.Set();

        var events = await otherWindow.CollectUntilAsync(e => e is MessageReceivedEvent or MessageRejectedEvent);
        var rejected = Assert.IsType<MessageRejectedEvent>(events[^1]);
        Assert.Equal("alice2", rejected.From);
        Assert.Matches("^(replayed|tampered):", rejected.Reason);
    }

    [Fact]
    public async Task Sends_under_other_spellings_of_a_name_bind_its_registered_spelling_so_every_one_opens()
    {
        await using var bed = await TestBed.StartAsync();
        var zoe = await bed.ConnectAsync("zoë", presence: false);
        var alice = await bed.ConnectAsync("alice", presence: false);

        // "zoe" first: a lookup, and the pin is made under the registered "zoë"; "zoe" again is a lookalike of the pinned
        // spelling, which the pin cannot vouch for (a lookup again); "ZOË" and "Zoë" are the pinned spelling up to case.
        foreach (var (spelling, text) in new[] { ("zoe", "one"), ("zoe", "two"), ("ZOË", "three"), ("Zoë", "four") })
        {
            var outcome = await alice.SendTextAsync(spelling, text);
            Assert.True(outcome.Delivered, outcome.Detail);
            var events = await zoe.CollectUntilAsync(e => e is MessageReceivedEvent);
            var received = Assert.IsType<MessageReceivedEvent>(Assert.Single(events, e => e is MessageReceivedEvent or MessageRejectedEvent));
            Assert.Equal(("alice", "zoë", text), (received.Message.From, received.Message.To, received.Message.Text));
        }
    }

    private static Func<ClientFrame, ClientFrame> Redirect(string to, string instead) => frame =>
    {
        if (frame.BodyCase == ClientFrame.BodyOneofCase.Send && frame.Send.To == to)
        {
            frame.Send.To = instead;
        }

        return frame;
    };

    private static Func<ServerFrame, ServerFrame> Relabel(string from, string instead) => frame =>
    {
        if (frame.BodyCase == ServerFrame.BodyOneofCase.Delivery && frame.Delivery.From == from)
        {
            frame.Delivery.From = instead;
        }

        return frame;
    };
}
