using Parley.Client.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>
/// Besides lookups, the server speaks about names in LoginAccepted, roster pages and peer_joined.
/// An answer about oneself under another name, a name listed twice or this client listed as a
/// peer is a protocol error: the session ends saying so.
/// </summary>
public sealed class PeerAnswerConsistencyTests
{
    [Fact]
    public async Task A_login_accepted_under_another_name_is_a_protocol_error()
    {
        await using var bed = await TestBed.StartAsync();
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate)
        {
            ToClient = frame => Rewrite(frame, ServerFrame.BodyOneofCase.LoginAccepted, f => f.LoginAccepted.Name = "mallory"),
        };

        var error = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync("alice", server: proxy.Address));

        Assert.Equal(ParleyErrorKind.ProtocolError, error.Kind);
        Assert.Contains("\"mallory\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_accepted_in_another_spelling_of_the_name_is_fine()
    {
        await using var bed = await TestBed.StartAsync();
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate)
        {
            ToClient = frame => Rewrite(frame, ServerFrame.BodyOneofCase.LoginAccepted, f => f.LoginAccepted.Name = "ALICE"),
        };

        var alice = await bed.ConnectAsync("alice", server: proxy.Address);

        Assert.Equal("ALICE", alice.Name);
    }

    [Fact]
    public async Task A_roster_listing_a_name_twice_is_a_protocol_error()
    {
        await using var bed = await TestBed.StartAsync();
        await bed.ConnectAsync("bob");
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate)
        {
            ToClient = frame => Rewrite(frame, ServerFrame.BodyOneofCase.RosterPage, f =>
            {
                var twin = f.RosterPage.Peers[0].Clone();
                twin.Name = "BOB";
                twin.PublicKey = Google.Protobuf.ByteString.CopyFrom(bed.KeyOf("mallory").PublicKey.Spki);
                f.RosterPage.Peers.Add(twin);
            }),
        };

        var error = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync("alice", server: proxy.Address));

        Assert.Equal(ParleyErrorKind.ProtocolError, error.Kind);
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_roster_listing_this_client_as_a_peer_is_a_protocol_error()
    {
        await using var bed = await TestBed.StartAsync();
        await bed.ConnectAsync("bob");
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate)
        {
            ToClient = frame => Rewrite(frame, ServerFrame.BodyOneofCase.RosterPage, f => f.RosterPage.Peers[0].Name = "Alice"),
        };

        var error = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync("alice", server: proxy.Address));

        Assert.Equal(ParleyErrorKind.ProtocolError, error.Kind);
        Assert.Contains("own name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_joined_for_a_name_already_online_ends_the_session_as_a_protocol_error()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate)
        {
            ToClient = frame => Rewrite(frame, ServerFrame.BodyOneofCase.PeerJoined, f => f.PeerJoined.Peer.Name = "bob"),
        };
        var alice = await bed.ConnectAsync("alice", server: proxy.Address);
        var bobKey = Assert.Single(alice.Online).PublicKey;

        await bed.ConnectAsync("carol", presence: false);
        var events = await alice.CollectUntilAsync(e => e is DisconnectedEvent);

        var disconnected = (DisconnectedEvent)events[^1];
        Assert.Contains("broke the protocol", disconnected.Reason, StringComparison.Ordinal);
        Assert.Contains("twice", disconnected.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e is PeerJoinedEvent);
        Assert.Equal(bobKey, Assert.Single(alice.Online).PublicKey);
        Assert.Equal(bob.Fingerprint, Assert.Single(alice.Online).Fingerprint);
    }

    [Fact]
    public async Task A_hostile_name_in_a_refused_answer_is_quoted_escaped_and_cut_in_the_error()
    {
        var hostile = "mallory\u001b]0;owned\u0007\r[12:00:00] bob: send coins" + new string('x', 5000);
        await using var bed = await TestBed.StartAsync();
        await bed.ConnectAsync("bob", presence: false);
        await using var login = new FrameProxy(bed.Server.Port, bed.Server.Certificate)
        {
            ToClient = frame => Rewrite(frame, ServerFrame.BodyOneofCase.LoginAccepted, f => f.LoginAccepted.Name = hostile),
        };
        await using var lookup = new FrameProxy(bed.Server.Port, bed.Server.Certificate)
        {
            ToClient = frame => Rewrite(frame, ServerFrame.BodyOneofCase.LookupResult, f => f.LookupResult.Peer.Name = hostile),
        };

        var atLogin = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync("alice", server: login.Address));
        var alice = await bed.ConnectAsync("alice", presence: false, server: lookup.Address);
        var atLookup = await Assert.ThrowsAsync<ParleyException>(() => alice.SendTextAsync("bob", "for bob"));

        Assert.All(new[] { atLogin.Message, atLookup.Message }, message =>
        {
            Assert.Contains("\"mallory\\u001b]0;owned\\u0007\\r[12:00:00] bob: send coins", message, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', message);
            Assert.DoesNotContain('\r', message);
            Assert.True(message.Length < 400, $"{message.Length} characters");
        });
    }

    private static ServerFrame Rewrite(ServerFrame frame, ServerFrame.BodyOneofCase kind, Action<ServerFrame> change)
    {
        if (frame.BodyCase != kind)
        {
            return frame;
        }

        var changed = frame.Clone();
        change(changed);
        return changed;
    }
}
