using Google.Protobuf;
using Parley.Client.Tests.Support;
using Parley.Crypto;
using Parley.Crypto.Envelope;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>Deliveries that must be refused, each followed by a valid message to prove nothing slipped through.</summary>
public sealed class MessageIntegrityTests
{
    [Fact]
    public async Task A_flipped_ciphertext_byte_is_rejected_as_tampered_and_never_shown()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync("alice");
        var sealedMessage = SealedMessage.Parser.ParseFrom(Seal(bed, "alice", "bob", "original text", DateTimeOffset.UtcNow));
        var ciphertext = sealedMessage.Ciphertext.ToByteArray();
        ciphertext[ciphertext.Length / 2] ^= 0x01;
        sealedMessage.Ciphertext = ByteString.CopyFrom(ciphertext);

        Assert.Equal(ErrorCode.Ok, (await alice.SendSealedAsync("bob", sealedMessage.ToByteArray())).Code);

        var rejected = await ExpectRejectedThenOnlyMarkerAsync(alice, bob);
        Assert.Equal("alice", rejected.From);
        Assert.StartsWith("tampered:", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_sealed_for_someone_else_is_rejected_as_misaddressed()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync("alice");
        bed.KeyOf("carol");

        // Sealed for carol and her key, then for "bob" but with carol's key.
        await alice.SendSealedAsync("bob", Seal(bed, "alice", "carol", "for carol", DateTimeOffset.UtcNow));
        var forCarol = await ExpectRejectedThenOnlyMarkerAsync(alice, bob);
        await alice.SendSealedAsync("bob", MessageSealer.Seal(
            bed.KeyOf("alice"), "alice", bed.KeyOf("carol").PublicKey, "bob", "wrong key", DateTimeOffset.UtcNow));
        var wrongKey = await ExpectRejectedThenOnlyMarkerAsync(alice, bob);

        Assert.StartsWith("misaddressed:", forCarol.Reason, StringComparison.Ordinal);
        Assert.StartsWith("misaddressed:", wrongKey.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_older_than_the_window_or_too_far_ahead_are_rejected()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync("alice");
        var window = FreshnessPolicy.Default;

        await alice.SendSealedAsync("bob", Seal(bed, "alice", "bob", "old news", DateTimeOffset.UtcNow - window.MaxAge - TimeSpan.FromMinutes(1)));
        var stale = await ExpectRejectedThenOnlyMarkerAsync(alice, bob);
        await alice.SendSealedAsync("bob", Seal(bed, "alice", "bob", "tomorrow", DateTimeOffset.UtcNow + window.MaxClockSkew + TimeSpan.FromMinutes(1)));
        var future = await ExpectRejectedThenOnlyMarkerAsync(alice, bob);

        Assert.StartsWith("stale:", stale.Reason, StringComparison.Ordinal);
        Assert.StartsWith("from the future:", future.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_claiming_another_sender_than_the_connection_is_rejected()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync("alice");
        var mallory = await bed.ConnectAsync("mallory");

        await mallory.SendSealedAsync("bob", MessageSealer.Seal(
            bed.KeyOf("mallory"), "alice", bed.KeyOf("bob").PublicKey, "bob", "I am alice", DateTimeOffset.UtcNow));
        var rejected = await ExpectRejectedThenOnlyMarkerAsync(alice, bob);

        Assert.Equal("mallory", rejected.From);
        Assert.StartsWith("forged sender:", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_that_are_not_a_sealed_message_are_rejected_as_malformed()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync("alice");

        await alice.SendSealedAsync("bob", [0xff, 0xff, 0xff, 0xff]);
        var rejected = await ExpectRejectedThenOnlyMarkerAsync(alice, bob);

        Assert.StartsWith("malformed:", rejected.Reason, StringComparison.Ordinal);
    }

    internal static byte[] Seal(TestBed bed, string from, string to, string text, DateTimeOffset sentAt) =>
        MessageSealer.Seal(bed.KeyOf(from), from, bed.KeyOf(to).PublicKey, to, text, sentAt);

    /// <summary>
    /// Waits for the rejection, then has <paramref name="sender"/> send a valid marker: the next
    /// message shown must be that marker, so the refused one was never shown.
    /// </summary>
    internal static async Task<MessageRejectedEvent> ExpectRejectedThenOnlyMarkerAsync(ParleyClient sender, ParleyClient recipient)
    {
        var untilRejected = await recipient.CollectUntilAsync(e => e is MessageRejectedEvent);
        Assert.DoesNotContain(untilRejected, e => e is MessageReceivedEvent);
        var marker = "marker " + Guid.NewGuid().ToString("N");
        Assert.True((await sender.SendTextAsync(recipient.Name, marker)).Delivered);
        var untilMarker = await recipient.CollectUntilAsync(e => e is MessageReceivedEvent);
        Assert.Equal(marker, ((MessageReceivedEvent)untilMarker[^1]).Message.Text);
        Assert.DoesNotContain(untilMarker, e => e is MessageRejectedEvent);
        return (MessageRejectedEvent)untilRejected[^1];
    }
}
