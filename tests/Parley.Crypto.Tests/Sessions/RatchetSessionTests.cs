using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>The Double Ratchet: conversations both ways, out of order, replays, tampering, bounds and saved state.</summary>
public sealed class RatchetSessionTests(Identities ids) : IClassFixture<Identities>
{
    [Fact]
    public void Many_messages_both_ways_in_turns_and_in_runs_open_to_what_was_sealed()
    {
        using var pair = SessionPair.Start(ids);
        var random = new Random(13);
        for (var turn = 0; turn < 40; turn++)
        {
            var (from, to) = turn % 2 == 0 ? (pair.Alice, pair.Bob) : (pair.Bob, pair.Alice);
            for (var i = random.Next(1, 5); i > 0; i--)
            {
                var text = $"turn {turn} message {i} " + new string('x', random.Next(0, 300));
                Assert.Equal(text, SessionPair.Read(to.Open(from.Seal(SessionPair.Text(text)))));
            }
        }
    }

    [Fact]
    public void The_initiator_sends_its_initial_header_until_the_first_reply_opens()
    {
        using var pair = SessionPair.Start(ids);
        Assert.NotNull(pair.Alice.PendingInitialHeader);

        pair.Bob.Open(pair.Alice.Seal(SessionPair.Text("one")));
        Assert.NotNull(pair.Alice.PendingInitialHeader);
        pair.Alice.Open(pair.Bob.Seal(SessionPair.Text("two")));

        Assert.Null(pair.Alice.PendingInitialHeader);
        Assert.Equal(pair.Alice.BaseKey, pair.Bob.BaseKey);
    }

    [Fact]
    public void A_disposed_session_neither_seals_nor_opens()
    {
        // Its keys are zeroed on dispose: a seal with them would use one key and nonce for every disposed session.
        using var pair = SessionPair.Start(ids);
        var message = pair.Alice.Seal(SessionPair.Text("before"));
        pair.Alice.Dispose();
        pair.Bob.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pair.Alice.Seal(SessionPair.Text("after")));
        Assert.Throws<ObjectDisposedException>(() => pair.Bob.Open(message));
    }

    [Fact]
    public void A_responder_cannot_send_before_it_has_opened_the_first_message()
    {
        using var pair = SessionPair.Start(ids);

        Assert.Throws<InvalidOperationException>(() => pair.Bob.Seal(SessionPair.Text("too early")));
    }

    [Fact]
    public void Messages_arriving_out_of_order_and_across_ratchet_steps_all_open_once()
    {
        using var pair = SessionPair.Start(ids);
        var first = Enumerable.Range(0, 5).Select(i => pair.Alice.Seal(SessionPair.Text($"a{i}"))).ToArray();
        Assert.Equal("a4", SessionPair.Read(pair.Bob.Open(first[4])));
        Assert.Equal("a1", SessionPair.Read(pair.Bob.Open(first[1])));

        // Bob answers, Alice's next chain starts; the old chain's late messages still open.
        pair.Alice.Open(pair.Bob.Seal(SessionPair.Text("b0")));
        var second = Enumerable.Range(0, 3).Select(i => pair.Alice.Seal(SessionPair.Text($"c{i}"))).ToArray();
        Assert.Equal("c2", SessionPair.Read(pair.Bob.Open(second[2])));
        Assert.Equal("a0", SessionPair.Read(pair.Bob.Open(first[0])));
        Assert.Equal("c0", SessionPair.Read(pair.Bob.Open(second[0])));
        Assert.Equal("a3", SessionPair.Read(pair.Bob.Open(first[3])));
        Assert.Equal("a2", SessionPair.Read(pair.Bob.Open(first[2])));
        Assert.Equal("c1", SessionPair.Read(pair.Bob.Open(second[1])));
        Assert.Equal(0, pair.Bob.SkippedKeyCount);
    }

    [Fact]
    public void A_message_opened_once_is_refused_as_a_replay_in_the_current_chain_from_skipped_keys_and_in_an_ended_chain()
    {
        using var pair = SessionPair.Start(ids);
        var m0 = pair.Alice.Seal(SessionPair.Text("m0"));
        var m1 = pair.Alice.Seal(SessionPair.Text("m1"));
        var m2 = pair.Alice.Seal(SessionPair.Text("m2"));
        pair.Bob.Open(m0);
        pair.Bob.Open(m2);
        pair.Bob.Open(m1); // from the skipped keys

        Assert.Equal(SessionRejection.Replayed, Reject(pair.Bob, m0));
        Assert.Equal(SessionRejection.Replayed, Reject(pair.Bob, m1));
        Assert.Equal(SessionRejection.Replayed, Reject(pair.Bob, m2));

        // After a round trip Alice's first chain has ended; its copies are still replays, not new ratchet steps.
        pair.Alice.Open(pair.Bob.Seal(SessionPair.Text("reply")));
        pair.Bob.Open(pair.Alice.Seal(SessionPair.Text("next")));
        Assert.Equal(SessionRejection.Replayed, Reject(pair.Bob, m2));
        Assert.Equal("after", SessionPair.Read(pair.Bob.Open(pair.Alice.Seal(SessionPair.Text("after")))));
    }

    [Theory]
    [InlineData("header key")]
    [InlineData("header number")]
    [InlineData("ciphertext")]
    [InlineData("tag")]
    [InlineData("truncated")]
    public void A_changed_message_is_refused_and_leaves_the_session_able_to_open_the_real_one(string where)
    {
        using var pair = SessionPair.Start(ids);
        var message = pair.Alice.Seal(SessionPair.Text("the real one"));
        var forged = message.ToArray();
        switch (where)
        {
            case "header key": forged[5] ^= 0x01; break;
            case "header number": forged[34] ^= 0x01; break;
            case "ciphertext": forged[40] ^= 0x01; break;
            case "tag": forged[^1] ^= 0x01; break;
            default: forged = forged[..^1]; break;
        }

        Assert.Throws<SessionRejectedException>(() => pair.Bob.Open(forged));
        Assert.Equal("the real one", SessionPair.Read(pair.Bob.Open(message)));
    }

    [Fact]
    public void A_message_changed_in_its_ciphertext_is_reported_as_tampered()
    {
        using var pair = SessionPair.Start(ids);
        var message = pair.Alice.Seal(SessionPair.Text("x"));
        message[^20] ^= 0x80;

        Assert.Equal(SessionRejection.Tampered, Reject(pair.Bob, message));
    }

    [Fact]
    public void A_message_opened_under_other_associated_data_is_refused_as_tampered()
    {
        using var pair = SessionPair.Start(ids);
        var message = pair.Alice.Seal(SessionPair.Text("bound to alice and bob"));

        // Same secret, but the associated data names Mallory's key id instead of Alice's.
        var otherAd = pair.ResponderAgreement.AssociatedData.ToArray();
        ids.Mallory.PublicKey.KeyId.CopyTo(otherAd, 0);
        using var bob = RatchetSession.StartAsResponder(
            pair.ResponderAgreement with { AssociatedData = otherAd },
            pair.BobKeys.FindSignedPrekey(pair.ResponderAgreement.SignedPrekeyId)!,
            SystemEntropy.Instance);

        Assert.Equal(SessionRejection.Tampered, Reject(bob, message));
    }

    [Fact]
    public void A_message_further_ahead_than_the_skip_limit_is_refused_and_the_session_goes_on()
    {
        using var pair = SessionPair.Start(ids, limits: new RatchetLimits { MaxSkipPerChain = 5, MaxSkippedKeys = 8 });
        var messages = Enumerable.Range(0, 8).Select(i => pair.Alice.Seal(SessionPair.Text($"m{i}"))).ToArray();

        Assert.Equal(SessionRejection.TooManySkipped, Reject(pair.Bob, messages[6]));
        Assert.Equal(0, pair.Bob.SkippedKeyCount);
        Assert.Equal("m5", SessionPair.Read(pair.Bob.Open(messages[5])));
        Assert.Equal(5, pair.Bob.SkippedKeyCount);
        Assert.Equal("m7", SessionPair.Read(pair.Bob.Open(messages[7])));
    }

    [Fact]
    public void Past_the_total_bound_the_oldest_skipped_keys_are_dropped_and_their_messages_refused()
    {
        using var pair = SessionPair.Start(ids, limits: new RatchetLimits { MaxSkipPerChain = 4, MaxSkippedKeys = 4 });
        var first = Enumerable.Range(0, 4).Select(i => pair.Alice.Seal(SessionPair.Text($"a{i}"))).ToArray();
        pair.Bob.Open(first[3]); // skips a0..a2
        pair.Alice.Open(pair.Bob.Seal(SessionPair.Text("b")));
        var second = Enumerable.Range(0, 3).Select(i => pair.Alice.Seal(SessionPair.Text($"c{i}"))).ToArray();
        pair.Bob.Open(second[2]); // skips c0, c1: a0 goes

        Assert.Equal(4, pair.Bob.SkippedKeyCount);
        Assert.Equal(1, pair.Bob.SkippedKeysDropped);
        Assert.Equal(SessionRejection.Replayed, Reject(pair.Bob, first[0]));
        Assert.Equal("a1", SessionPair.Read(pair.Bob.Open(first[1])));
        Assert.Equal("c0", SessionPair.Read(pair.Bob.Open(second[0])));
    }

    [Fact]
    public void Both_states_saved_and_restored_mid_conversation_carry_on_with_skipped_keys_and_pending_header()
    {
        using var pair = SessionPair.Start(ids);
        var early = pair.Alice.Seal(SessionPair.Text("early"));
        var late = pair.Alice.Seal(SessionPair.Text("late"));
        pair.Bob.Open(late);

        var aliceBytes = pair.Alice.Serialize();
        using var alice = RatchetSession.Deserialize(aliceBytes, SystemEntropy.Instance);
        using var bob = RatchetSession.Deserialize(pair.Bob.Serialize(), SystemEntropy.Instance);

        Assert.Equal(aliceBytes, alice.Serialize());
        Assert.NotNull(alice.PendingInitialHeader);
        Assert.Equal(1, bob.SkippedKeyCount);
        Assert.Equal("early", SessionPair.Read(bob.Open(early)));
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal($"b{i}", SessionPair.Read(alice.Open(bob.Seal(SessionPair.Text($"b{i}")))));
            Assert.Equal($"a{i}", SessionPair.Read(bob.Open(alice.Seal(SessionPair.Text($"a{i}")))));
        }
    }

    [Fact]
    public void A_state_of_another_version_or_cut_short_or_with_bytes_over_is_refused()
    {
        using var pair = SessionPair.Start(ids);
        var state = pair.Alice.Serialize();
        byte[] otherVersion = [2, .. state[1..]];

        Assert.Equal(SessionRejection.UnsupportedVersion, Assert.Throws<SessionRejectedException>(() => RatchetSession.Deserialize(otherVersion, SystemEntropy.Instance)).Reason);
        Assert.Equal(SessionRejection.Malformed, Assert.Throws<SessionRejectedException>(() => RatchetSession.Deserialize(state.AsSpan(0, state.Length - 1), SystemEntropy.Instance)).Reason);
        Assert.Equal(SessionRejection.Malformed, Assert.Throws<SessionRejectedException>(() => RatchetSession.Deserialize([.. state, 0], SystemEntropy.Instance)).Reason);
    }

    [Fact]
    public void A_256_byte_text_seals_to_a_320_byte_message_header_and_tag_included()
    {
        using var pair = SessionPair.Start(ids);

        var message = pair.Alice.Seal(new byte[256]);

        Assert.Equal(320, message.Length);
        Assert.Equal(35, RatchetHeader.Decode(message, out _).EncodedLength);
    }

    private static SessionRejection Reject(RatchetSession session, byte[] message) =>
        Assert.Throws<SessionRejectedException>(() => session.Open(message)).Reason;
}
