using Google.Protobuf;
using Parley.Client.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>A key Parley refuses (here e = 3) is never shown as a peer's key, never sealed to and never pinned.</summary>
public sealed class RefusedKeyTests
{
    private static readonly byte[] s_exponent3 = CraftedKeys.BadKeys["e = 3"];

    [Fact]
    public async Task A_lookup_answered_with_a_refused_key_is_a_protocol_error_and_nothing_is_pinned_or_sent()
    {
        await using var bed = await TestBed.StartAsync();
        await bed.ConnectAsync("bob", presence: false);
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate) { ToClient = WithKeyInLookups(s_exponent3) };
        var alice = await bed.ConnectAsync("alice", presence: false, server: proxy.Address);

        var onSend = await Assert.ThrowsAsync<ParleyException>(() => alice.SendTextAsync("bob", "for bob"));
        var onLookup = await Assert.ThrowsAsync<ParleyException>(() => alice.LookupAsync("bob"));

        Assert.Equal(ParleyErrorKind.ProtocolError, onSend.Kind);
        Assert.Equal(ParleyErrorKind.ProtocolError, onLookup.Kind);
        Assert.Empty(alice.KnownPeers.List());
        Assert.DoesNotContain(proxy.ForwardedFromClients()[^1], f => f.BodyCase == ClientFrame.BodyOneofCase.Send);
    }

    [Fact]
    public async Task A_roster_entry_with_a_refused_key_ends_the_session_as_a_protocol_error()
    {
        await using var bed = await TestBed.StartAsync();
        await bed.ConnectAsync("bob");
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate) { ToClient = WithKeyInRoster(s_exponent3) };

        var error = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync("alice", server: proxy.Address));

        Assert.Equal(ParleyErrorKind.ProtocolError, error.Kind);
        Assert.Contains("refuses", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trusting_a_refused_key_pins_nothing()
    {
        await using var bed = await TestBed.StartAsync();
        var alice = await bed.ConnectAsync("alice", presence: false);

        var error = Assert.Throws<ParleyException>(() => alice.KnownPeers.Trust("bob", s_exponent3));

        Assert.Equal(ParleyErrorKind.ProtocolError, error.Kind);
        Assert.Empty(alice.KnownPeers.List());
    }

    private static Func<ServerFrame, ServerFrame> WithKeyInLookups(byte[] spki) => frame =>
    {
        if (frame.BodyCase != ServerFrame.BodyOneofCase.LookupResult || frame.LookupResult.Peer is null)
        {
            return frame;
        }

        var rewritten = frame.Clone();
        rewritten.LookupResult.Peer.PublicKey = ByteString.CopyFrom(spki);
        return rewritten;
    };

    private static Func<ServerFrame, ServerFrame> WithKeyInRoster(byte[] spki) => frame =>
    {
        if (frame.BodyCase != ServerFrame.BodyOneofCase.RosterPage)
        {
            return frame;
        }

        var rewritten = frame.Clone();
        foreach (var peer in rewritten.RosterPage.Peers)
        {
            peer.PublicKey = ByteString.CopyFrom(spki);
        }

        return rewritten;
    };
}
