using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>
/// What an attacker who records the traffic and later steals keys can and cannot open: forward secrecy
/// (earlier messages stay closed) and post-compromise security (one round trip locks a state thief out).
/// </summary>
public sealed class SessionSecrecyTests(Identities ids) : IClassFixture<Identities>
{
    [Fact]
    public void Recorded_messages_cannot_be_opened_with_the_recipients_current_state_and_all_its_long_term_keys()
    {
        using var pair = SessionPair.Start(ids);
        var recorded = new List<byte[]>();
        for (var i = 0; i < 6; i++)
        {
            var fromAlice = pair.Alice.Seal(SessionPair.Text($"a{i}"));
            recorded.Add(fromAlice);
            pair.Bob.Open(fromAlice);
            pair.Alice.Open(pair.Bob.Seal(SessionPair.Text($"b{i}")));
        }

        // The thief takes Bob's whole state and every long-term and prekey private key he holds,
        // and re-runs the agreement from the recorded initial header with them.
        using var stolen = RatchetSession.Deserialize(pair.Bob.Serialize(), SystemEntropy.Instance);
        var agreement = SessionAgreement.Respond(pair.BobKeys, ids.Alice.PublicKey, pair.InitiatorAgreement.Header with { OneTimePrekeyId = null });
        using var rerun = RatchetSession.StartAsResponder(agreement, pair.BobKeys.FindSignedPrekey(agreement.SignedPrekeyId)!, SystemEntropy.Instance);

        foreach (var message in recorded)
        {
            Assert.Throws<SessionRejectedException>(() => stolen.Open(message));
            using var copy = RatchetSession.Deserialize(rerun.Serialize(), SystemEntropy.Instance);
            Assert.Throws<SessionRejectedException>(() => copy.Open(message));
        }
    }

    [Fact]
    public void The_one_time_prekey_once_deleted_leaves_the_first_messages_closed_to_whoever_takes_the_other_keys_later()
    {
        using var pair = SessionPair.Start(ids);
        var first = pair.Alice.Seal(SessionPair.Text("first"));
        pair.Bob.Open(first);
        pair.BobKeys.RemoveOneTimePrekey(pair.ResponderAgreement.UsedOneTimePrekeyId!.Value);

        // Without the one-time prekey the agreement cannot even be re-run as it was.
        Assert.Equal(SessionRejection.UnknownPrekey, Assert.Throws<SessionRejectedException>(
            () => SessionAgreement.Respond(pair.BobKeys, ids.Alice.PublicKey, pair.InitiatorAgreement.Header)).Reason);
    }

    [Fact]
    public void A_thief_with_a_copy_of_the_state_is_locked_out_after_one_round_trip_with_new_ratchet_keys()
    {
        using var pair = SessionPair.Start(ids);
        pair.Bob.Open(pair.Alice.Seal(SessionPair.Text("hello")));
        pair.Alice.Open(pair.Bob.Seal(SessionPair.Text("hi")));

        using var thiefOfBob = RatchetSession.Deserialize(pair.Bob.Serialize(), SystemEntropy.Instance);

        // Right after the theft the copy opens what Alice sends in her current chain...
        var beforeHealing = pair.Alice.Seal(SessionPair.Text("still readable"));
        Assert.Equal("still readable", SessionPair.Read(thiefOfBob.Open(beforeHealing)));
        pair.Bob.Open(beforeHealing);

        // ...one round trip later, with ratchet keys the thief never saw, it opens nothing.
        pair.Alice.Open(pair.Bob.Seal(SessionPair.Text("round")));
        pair.Bob.Open(pair.Alice.Seal(SessionPair.Text("trip")));
        for (var i = 0; i < 3; i++)
        {
            var secret = pair.Alice.Seal(SessionPair.Text($"secret {i}"));
            Assert.Throws<SessionRejectedException>(() => thiefOfBob.Open(secret));
            Assert.Equal($"secret {i}", SessionPair.Read(pair.Bob.Open(secret)));
        }
    }
}
