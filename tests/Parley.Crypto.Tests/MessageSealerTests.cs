using Google.Protobuf;
using Parley.Crypto;
using Parley.Crypto.Envelope;

namespace Parley.Crypto.Tests;

public sealed class MessageSealerTests(Identities ids) : IClassFixture<Identities>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private byte[] SealFromAliceToBob(string text = "meet at noon", DateTimeOffset? at = null) =>
        MessageSealer.Seal(ids.Alice, "alice", ids.Bob.PublicKey, "bob", text, at ?? Now);

    private OpenedMessage OpenAsBob(byte[] sealedBytes, ReplayGuard? guard = null, string from = "alice", PeerKey? senderKey = null, DateTimeOffset? now = null) =>
        MessageSealer.Open(ids.Bob, "bob", from, senderKey ?? ids.Alice.PublicKey, sealedBytes, now ?? Now, guard ?? new ReplayGuard());

    private static SealRejection RejectionOf(Action open) => Assert.Throws<SealRejectedException>(open).Reason;

    [Fact]
    public void Bob_opens_what_alice_sealed_for_him()
    {
        var opened = OpenAsBob(SealFromAliceToBob("meet at noon ☕"));

        Assert.Equal("meet at noon ☕", opened.Text);
        Assert.Equal("alice", opened.From);
        Assert.Equal("bob", opened.To);
        Assert.Equal(Now, opened.SentAt);
        Assert.Equal(ids.Alice.Fingerprint, opened.SenderFingerprint);
        Assert.Matches("^[0-9a-f]{32}$", opened.MessageId);
    }

    [Fact]
    public void Any_length_works_because_rsa_only_wraps_the_key()
    {
        var text = new string('x', 200_000);

        Assert.Equal(text, OpenAsBob(SealFromAliceToBob(text)).Text);
        Assert.Equal(string.Empty, OpenAsBob(SealFromAliceToBob(string.Empty)).Text);
    }

    [Fact]
    public void The_sealed_bytes_do_not_contain_the_plaintext()
    {
        var sealedBytes = SealFromAliceToBob("a very secret sentence");

        Assert.DoesNotContain("a very secret sentence", System.Text.Encoding.UTF8.GetString(sealedBytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_seals_of_the_same_text_differ()
    {
        Assert.NotEqual(SealFromAliceToBob("same"), SealFromAliceToBob("same"));
    }

    [Fact]
    public void Flipping_any_byte_of_the_sealed_message_is_detected()
    {
        var sealedBytes = SealFromAliceToBob("integrity");
        for (var i = 0; i < sealedBytes.Length; i += 7)
        {
            var tampered = (byte[])sealedBytes.Clone();
            tampered[i] ^= 0x01;
            Assert.Throws<SealRejectedException>(() => OpenAsBob(tampered));
        }
    }

    [Fact]
    public void Altered_ciphertext_with_a_valid_signature_is_detected_as_tampering()
    {
        // Mallory cannot re-sign as alice; but were the signature to be checked only on the
        // header, GCM would still catch this. Alter the ciphertext and re-sign with alice's
        // key (simulating a signature that verifies) to prove the AEAD layer holds on its own.
        var m = SealedMessage.Parser.ParseFrom(SealFromAliceToBob("gcm guards this"));
        var ciphertext = m.Ciphertext.ToByteArray();
        ciphertext[0] ^= 0xFF;
        m.Ciphertext = ByteString.CopyFrom(ciphertext);
        var resigned = Resign(m, ids.Alice);

        Assert.Equal(SealRejection.Tampered, RejectionOf(() => OpenAsBob(resigned)));
    }

    [Fact]
    public void The_same_message_is_accepted_once()
    {
        var guard = new ReplayGuard();
        var sealedBytes = SealFromAliceToBob();

        OpenAsBob(sealedBytes, guard);

        Assert.Equal(SealRejection.Replayed, RejectionOf(() => OpenAsBob(sealedBytes, guard)));
    }

    [Fact]
    public void A_replay_guard_restored_from_a_snapshot_still_catches_the_replay()
    {
        var guard = new ReplayGuard();
        var sealedBytes = SealFromAliceToBob();
        OpenAsBob(sealedBytes, guard);

        var restored = new ReplayGuard();
        foreach (var (id, sentAt) in guard.Snapshot(Now))
        {
            restored.TryRecord(id, sentAt, Now);
        }

        Assert.Equal(SealRejection.Replayed, RejectionOf(() => OpenAsBob(sealedBytes, restored)));
    }

    [Fact]
    public void A_message_id_another_sender_used_first_does_not_make_the_real_message_a_replay()
    {
        var guard = new ReplayGuard();
        var fromAlice = SealFromAliceToBob("the real one");
        var aliceId = SealedMessage.Parser.ParseFrom(fromAlice).MessageId.Span;
        var fromMallory = Reseal.WithMessageId(
            MessageSealer.Seal(ids.Mallory, "mallory", ids.Bob.PublicKey, "bob", "mine first", Now), aliceId, ids.Mallory, ids.Bob);

        Assert.Equal("mine first", OpenAsBob(fromMallory, guard, from: "mallory", senderKey: ids.Mallory.PublicKey).Text);
        Assert.Equal("the real one", OpenAsBob(fromAlice, guard).Text);
        Assert.Equal(SealRejection.Replayed, RejectionOf(() => OpenAsBob(fromAlice, guard)));
        Assert.Equal(SealRejection.Replayed, RejectionOf(() => OpenAsBob(fromMallory, guard, from: "mallory", senderKey: ids.Mallory.PublicKey)));
    }

    [Fact]
    public void An_id_remembered_without_its_sender_still_catches_a_replay_from_anyone()
    {
        var guard = new ReplayGuard();
        var sealedBytes = SealFromAliceToBob();
        var id = Convert.ToHexStringLower(SealedMessage.Parser.ParseFrom(sealedBytes).MessageId.Span);

        Assert.True(guard.TryRecord(ReplayKey.AnySender(id), Now, Now));

        Assert.Equal(SealRejection.Replayed, RejectionOf(() => OpenAsBob(sealedBytes, guard)));
    }

    [Fact]
    public void Old_and_future_messages_are_refused()
    {
        var old = SealFromAliceToBob(at: Now - TimeSpan.FromMinutes(11));
        var future = SealFromAliceToBob(at: Now + TimeSpan.FromMinutes(3));

        Assert.Equal(SealRejection.Stale, RejectionOf(() => OpenAsBob(old)));
        Assert.Equal(SealRejection.FromTheFuture, RejectionOf(() => OpenAsBob(future)));
        Assert.Equal("x", OpenAsBob(SealFromAliceToBob("x", Now - TimeSpan.FromMinutes(9))).Text);
    }

    [Fact]
    public void A_message_for_someone_else_is_refused_as_misaddressed()
    {
        var forMallory = MessageSealer.Seal(ids.Alice, "alice", ids.Mallory.PublicKey, "mallory", "hi", Now);

        Assert.Equal(SealRejection.Misaddressed, RejectionOf(() => OpenAsBob(forMallory)));
    }

    [Fact]
    public void A_message_for_bobs_name_under_another_key_is_refused_as_misaddressed()
    {
        // The server handed alice a substituted key for "bob".
        var forFakeBob = MessageSealer.Seal(ids.Alice, "alice", ids.Mallory.PublicKey, "bob", "hi", Now);

        Assert.Equal(SealRejection.Misaddressed, RejectionOf(() => OpenAsBob(forFakeBob)));
    }

    [Fact]
    public void A_message_delivered_as_from_someone_else_is_refused()
    {
        Assert.Equal(SealRejection.SenderMismatch, RejectionOf(() => OpenAsBob(SealFromAliceToBob(), from: "carol")));
    }

    [Fact]
    public void A_message_signed_by_another_key_than_the_senders_known_one_is_refused()
    {
        // Mallory claims to be alice with her own key.
        var forged = MessageSealer.Seal(ids.Mallory, "alice", ids.Bob.PublicKey, "bob", "send money", Now);

        Assert.Equal(SealRejection.SenderKeyMismatch, RejectionOf(() => OpenAsBob(forged)));
    }

    [Fact]
    public void A_forged_signature_over_the_right_key_id_is_refused()
    {
        var m = SealedMessage.Parser.ParseFrom(SealFromAliceToBob());
        m.SentAtMs += 1;

        Assert.Equal(SealRejection.BadSignature, RejectionOf(() => OpenAsBob(m.ToByteArray())));
    }

    [Fact]
    public void Re_signing_alices_ciphertext_as_mallory_does_not_open()
    {
        // Mallory takes alice's sealed message, claims it as her own and re-signs it.
        var m = SealedMessage.Parser.ParseFrom(SealFromAliceToBob("alice wrote this"));
        m.Sender = "mallory";
        m.SenderKeyId = ByteString.CopyFrom(ids.Mallory.PublicKey.KeyId);
        var claimed = Resign(m, ids.Mallory);

        var reason = RejectionOf(() => OpenAsBob(claimed, from: "mallory", senderKey: ids.Mallory.PublicKey));

        Assert.Equal(SealRejection.Tampered, reason);
    }

    [Fact]
    public void An_unknown_format_version_is_refused_clearly()
    {
        var m = SealedMessage.Parser.ParseFrom(SealFromAliceToBob());
        m.Version = 2;

        Assert.Equal(SealRejection.UnsupportedVersion, RejectionOf(() => OpenAsBob(m.ToByteArray())));
    }

    [Fact]
    public void Garbage_is_malformed()
    {
        Assert.Equal(SealRejection.Malformed, RejectionOf(() => OpenAsBob([0xFF, 0x00, 0x13])));
        Assert.Equal(SealRejection.Malformed, RejectionOf(() => MessageSealer.PeekSender([0xFF, 0xFF])));
    }

    [Fact]
    public void The_sender_can_be_read_before_opening()
    {
        var (sender, keyId) = MessageSealer.PeekSender(SealFromAliceToBob());

        Assert.Equal("alice", sender);
        Assert.Equal(ids.Alice.PublicKey.KeyId, keyId);
    }

    private static byte[] Resign(SealedMessage m, Identity signer)
    {
        m.Signature = ByteString.CopyFrom(signer.Sign(SealTranscript.Signed(m, SealTranscript.Header(m))));
        return m.ToByteArray();
    }
}
