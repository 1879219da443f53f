using Google.Protobuf;
using Parley.Client.Tests.Support;
using Parley.Crypto;
using Parley.Crypto.Envelope;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>
/// A server that presents another key for a pinned name (here: the same address now relaying to a
/// second real server, with the same TLS identity, whose registry gave "bob" to an impostor's key) must
/// get a loud warning and nothing sealed to that key.
/// </summary>
public sealed class KeySubstitutionTests
{
    [Fact]
    public async Task A_substituted_key_raises_key_changed_and_nothing_is_sent_until_trusted()
    {
        await using var bed = await TestBed.StartAsync();
        var realBob = bed.KeyOf("bob");
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate);
        await PinBobAsync(bed, proxy.Address);
        await using var otherServer = await TestServer.StartAsync(prepareData: bed.Server.CopyIdentityTo);
        proxy.UpstreamPort = otherServer.Port;
        var impostor = await ConnectImpostorAsync(bed, otherServer, presence: true);
        Assert.NotEqual(realBob.Fingerprint, impostor.Fingerprint);

        var alice = await bed.ConnectAsync("alice", server: proxy.Address);
        var atLogin = await alice.NextAsync<KeyChangedEvent>();
        var outcome = await alice.SendTextAsync("bob", "for the real bob only");
        var atSend = await alice.NextAsync<KeyChangedEvent>();
        await alice.PingAsync();

        Assert.Equal(SendStatus.KeyChanged, outcome.Status);
        Assert.Equal(new KeyChangedEvent("bob", realBob.Fingerprint, impostor.Fingerprint), atLogin);
        Assert.Equal(atLogin, atSend);
        Assert.Equal(PinStatus.Changed, Assert.Single(alice.Online).Pin);
        var aliceSent = proxy.ForwardedFromClients()[^1];
        Assert.DoesNotContain(aliceSent, f => f.BodyCase == ClientFrame.BodyOneofCase.Send);
        Assert.Equal(realBob.Fingerprint, alice.KnownPeers.PinnedFingerprint("bob"));

        var presented = await alice.LookupAsync("bob");
        Assert.Equal(impostor.Fingerprint, presented!.Fingerprint);
        Assert.Equal(TrustOutcome.FingerprintNeeded, alice.KnownPeers.Trust("bob", presented.PublicKey));
        Assert.Equal(SendStatus.KeyChanged, (await alice.SendTextAsync("bob", "not yet")).Status);
        Assert.Equal(TrustOutcome.FingerprintMismatch, alice.KnownPeers.Trust("bob", presented.PublicKey, realBob.Fingerprint));
        Assert.Equal(TrustOutcome.Replaced, alice.KnownPeers.Trust("bob", presented.PublicKey, impostor.Fingerprint.ToUpperInvariant()));
        Assert.True((await alice.SendTextAsync("bob", "after comparing fingerprints")).Delivered);
        Assert.Equal("alice", (await impostor.NextMessageAsync("after comparing fingerprints")).Message.From);
    }

    [Fact]
    public async Task A_message_signed_by_a_key_other_than_the_pinned_one_is_rejected_with_key_changed()
    {
        await using var bed = await TestBed.StartAsync();
        await using var proxy = new FrameProxy(bed.Server.Port, bed.Server.Certificate);
        await PinBobAsync(bed, proxy.Address);
        await using var otherServer = await TestServer.StartAsync(prepareData: bed.Server.CopyIdentityTo);
        proxy.UpstreamPort = otherServer.Port;
        var alice = await bed.ConnectAsync("alice", server: proxy.Address, presence: false);
        var impostor = await ConnectImpostorAsync(bed, otherServer, presence: false);

        Assert.True((await impostor.SendTextAsync("alice", "it is me, bob, send coins")).Delivered);
        var events = await alice.CollectUntilAsync(e => e is MessageRejectedEvent);

        var changed = Assert.Single(events.OfType<KeyChangedEvent>());
        Assert.Equal(("bob", bed.KeyOf("bob").Fingerprint, impostor.Fingerprint), (changed.Name, changed.PinnedFingerprint, changed.PresentedFingerprint));
        Assert.StartsWith("key changed:", ((MessageRejectedEvent)events[^1]).Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e is MessageReceivedEvent);
        Assert.Equal(SendStatus.KeyChanged, (await alice.SendTextAsync("bob", "via lookup")).Status);
    }

    [Fact]
    public async Task A_forged_signing_key_id_raises_no_key_changed_and_its_fingerprint_is_never_shown()
    {
        await using var bed = await TestBed.StartAsync();
        var mallory = bed.KeyOf("mallory").PublicKey;
        var bob = await bed.ConnectAsync("bob", presence: false);
        var alice = await bed.ConnectAsync("alice", presence: false);
        Assert.True((await alice.SendTextAsync("bob", "pinning bob")).Delivered);
        var forged = SealedMessage.Parser.ParseFrom(
            MessageSealer.Seal(bed.KeyOf("bob"), "bob", bed.KeyOf("alice").PublicKey, "alice", "trust mallory", DateTimeOffset.UtcNow));
        forged.SenderKeyId = ByteString.CopyFrom(mallory.KeyId);

        Assert.Equal(ErrorCode.Ok, (await bob.SendSealedAsync("alice", forged.ToByteArray())).Code);
        var events = await alice.CollectUntilAsync(e => e is MessageRejectedEvent);

        Assert.DoesNotContain(events, e => e is KeyChangedEvent);
        var rejected = (MessageRejectedEvent)events[^1];
        Assert.DoesNotContain(mallory.Fingerprint, rejected.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(bob.Fingerprint, rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(PinStatus.Matches, (await alice.LookupAsync("bob"))!.Pin);
    }

    /// <summary>Someone else's key registered as "bob" on the other server.</summary>
    private static Task<ParleyClient> ConnectImpostorAsync(TestBed bed, TestServer otherServer, bool presence)
    {
        bed.Seed("bob", bed.KeyOf("impostor"), bed.HomeOf("impostor"));
        return bed.ConnectAsync("bob", presence, otherServer.Address, bed.HomeOf("impostor"));
    }

    /// <summary>alice (through <paramref name="aliceServer"/>) and the real bob talk once on the first server, so each has pinned the other.</summary>
    private static async Task PinBobAsync(TestBed bed, string aliceServer)
    {
        var alice = await bed.ConnectAsync("alice", server: aliceServer);
        var bob = await bed.ConnectAsync("bob");
        Assert.True((await alice.SendTextAsync("bob", "first contact")).Delivered);
        await bob.NextMessageAsync("first contact");
        Assert.Equal(bob.Fingerprint, alice.KnownPeers.PinnedFingerprint("bob"));
        await alice.DisposeAsync();
        await bob.DisposeAsync();
    }
}
