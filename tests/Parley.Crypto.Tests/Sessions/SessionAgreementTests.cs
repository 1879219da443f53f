using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>Both sides of the agreement reach one secret and one associated data, and the responder refuses what it cannot trust.</summary>
public sealed class SessionAgreementTests(Identities ids) : IClassFixture<Identities>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Initiator_and_responder_derive_the_same_secret_and_associated_data(bool withOneTimePrekey)
    {
        using var pair = SessionPair.Start(ids, withOneTimePrekey);

        Assert.Equal(pair.InitiatorAgreement.SharedSecret, pair.ResponderAgreement.SharedSecret);
        Assert.Equal(pair.InitiatorAgreement.AssociatedData, pair.ResponderAgreement.AssociatedData);
        Assert.Equal(130, pair.ResponderAgreement.AssociatedData.Length);
        Assert.Equal(withOneTimePrekey ? 2u : null, pair.ResponderAgreement.UsedOneTimePrekeyId);
    }

    [Fact]
    public void The_associated_data_binds_both_rsa_key_ids_and_identity_agreement_keys_in_order()
    {
        using var pair = SessionPair.Start(ids);

        Assert.Equal(
            [.. ids.Alice.PublicKey.KeyId, .. pair.AliceKeys.IdentityAgreementKey.PublicKey, .. ids.Bob.PublicKey.KeyId, .. pair.BobKeys.IdentityAgreementKey.PublicKey],
            pair.ResponderAgreement.AssociatedData);
    }

    [Fact]
    public void The_initial_header_encodes_and_decodes_to_the_same_values()
    {
        using var pair = SessionPair.Start(ids);
        var header = pair.InitiatorAgreement.Header;

        var decoded = InitialHeader.Decode(header.Encode());

        Assert.Equal(header.Encode(), decoded.Encode());
        Assert.Equal((header.SignedPrekeyId, header.OneTimePrekeyId, header.PostQuantumPrekeyId), (decoded.SignedPrekeyId, decoded.OneTimePrekeyId, decoded.PostQuantumPrekeyId));
        var encoded = header.Encode();
        Assert.Equal(SessionRejection.Malformed, Assert.Throws<SessionRejectedException>(() => InitialHeader.Decode(encoded.AsSpan(0, encoded.Length - 1))).Reason);
        Assert.Equal(SessionRejection.Malformed, Assert.Throws<SessionRejectedException>(() => InitialHeader.Decode([.. encoded, 0])).Reason);
    }

    [Fact]
    public void A_used_one_time_prekey_once_deleted_is_an_unknown_prekey_to_a_second_agreement()
    {
        using var pair = SessionPair.Start(ids);
        Assert.True(pair.BobKeys.RemoveOneTimePrekey(pair.ResponderAgreement.UsedOneTimePrekeyId!.Value));

        var ex = Assert.Throws<SessionRejectedException>(() => SessionAgreement.Respond(pair.BobKeys, ids.Alice.PublicKey, pair.InitiatorAgreement.Header));

        Assert.Equal(SessionRejection.UnknownPrekey, ex.Reason);
    }

    [Fact]
    public void Unknown_signed_or_post_quantum_prekey_ids_are_refused()
    {
        using var pair = SessionPair.Start(ids);
        var header = pair.InitiatorAgreement.Header;

        Assert.Equal(SessionRejection.UnknownPrekey, Respond(pair, header with { SignedPrekeyId = 99 }));
        Assert.Equal(SessionRejection.UnknownPrekey, Respond(pair, header with { PostQuantumPrekeyId = 99 }));
        Assert.Equal(SessionRejection.UnknownPrekey, Respond(pair, header with { OneTimePrekeyId = 99 }));
    }

    [Fact]
    public void An_initial_header_from_someone_other_than_the_claimed_initiator_is_refused()
    {
        using var pair = SessionPair.Start(ids);

        // Alice's signed identity agreement key, presented as Mallory's first message.
        Assert.Equal(SessionRejection.BadSignature, Assert.Throws<SessionRejectedException>(
            () => SessionAgreement.Respond(pair.BobKeys, ids.Mallory.PublicKey, pair.InitiatorAgreement.Header)).Reason);
    }

    [Fact]
    public void An_ephemeral_key_that_is_not_a_point_is_refused_as_an_invalid_key()
    {
        using var pair = SessionPair.Start(ids);
        var ephemeral = pair.InitiatorAgreement.Header.EphemeralKey.ToArray();
        ephemeral.AsSpan(1).Fill(0xFF);

        Assert.Equal(SessionRejection.InvalidKey, Respond(pair, pair.InitiatorAgreement.Header with { EphemeralKey = ephemeral }));
    }

    [Fact]
    public void A_changed_ephemeral_key_or_kem_ciphertext_gives_another_secret_so_the_first_message_does_not_open()
    {
        using var pair = SessionPair.Start(ids);
        var first = pair.Alice.Seal(SessionPair.Text("hello"));
        using var other = P256KeyPair.Generate(SystemEntropy.Instance);
        var ciphertext = pair.InitiatorAgreement.Header.KemCiphertext.ToArray();
        ciphertext[100] ^= 0x01;

        foreach (var forged in new[]
        {
            pair.InitiatorAgreement.Header with { EphemeralKey = other.PublicKey },
            pair.InitiatorAgreement.Header with { KemCiphertext = ciphertext },
        })
        {
            var agreement = SessionAgreement.Respond(pair.BobKeys, ids.Alice.PublicKey, forged);
            using var bob = RatchetSession.StartAsResponder(agreement, pair.BobKeys.FindSignedPrekey(agreement.SignedPrekeyId)!, SystemEntropy.Instance);

            Assert.NotEqual(pair.InitiatorAgreement.SharedSecret, agreement.SharedSecret);
            Assert.Equal(SessionRejection.Tampered, Assert.Throws<SessionRejectedException>(() => bob.Open(first)).Reason);
        }
    }

    [Fact]
    public void After_rotation_a_first_message_to_the_previous_signed_prekey_still_opens_until_it_is_forgotten()
    {
        using var pair = SessionPair.Start(ids);
        var first = pair.Alice.Seal(SessionPair.Text("sent before the rotation"));
        var oldId = pair.InitiatorAgreement.Header.SignedPrekeyId;

        var rotated = pair.BobKeys.RotateSignedPrekey(SessionPair.Now.AddDays(7));
        var agreement = SessionAgreement.Respond(pair.BobKeys, ids.Alice.PublicKey, pair.InitiatorAgreement.Header);
        using var bob = RatchetSession.StartAsResponder(agreement, pair.BobKeys.FindSignedPrekey(agreement.SignedPrekeyId)!, SystemEntropy.Instance);

        Assert.NotEqual(oldId, rotated.Id);
        Assert.Equal("sent before the rotation", SessionPair.Read(bob.Open(first)));
        pair.BobKeys.ForgetSignedPrekey(oldId);
        Assert.Equal(SessionRejection.UnknownPrekey, Respond(pair, pair.InitiatorAgreement.Header));
    }

    private SessionRejection Respond(SessionPair pair, InitialHeader header) =>
        Assert.Throws<SessionRejectedException>(() => SessionAgreement.Respond(pair.BobKeys, ids.Alice.PublicKey, header)).Reason;
}
