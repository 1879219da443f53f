using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>
/// docs/vectors/session-agreement.json and ratchet.json: the documented formulas, computed here with
/// .NET's primitives directly, and the session code, both give every value in the files byte for byte.
/// </summary>
public sealed class SessionVectorTests
{
    private static readonly VectorFile s_agreement = VectorFile.Read("session-agreement.json");
    private static readonly VectorFile s_ratchet = VectorFile.Read("ratchet.json");

    [Fact]
    public void The_public_keys_dh_outputs_and_kem_values_follow_from_the_fixed_private_keys_and_randomness()
    {
        foreach (var who in new[] { "alice_identity_agreement", "alice_ephemeral", "bob_identity_agreement", "bob_signed_prekey", "bob_one_time_prekey" })
        {
            using var key = P256KeyPair.FromPrivate(s_agreement.Hex(who + "_private_hex"));
            Assert.Equal(s_agreement.Hex(who + "_public_hex"), key.PublicKey);
        }

        Assert.Equal(s_agreement.Hex("dh1_hex"), Dh("alice_identity_agreement", "bob_signed_prekey"));
        Assert.Equal(s_agreement.Hex("dh2_hex"), Dh("alice_ephemeral", "bob_identity_agreement"));
        Assert.Equal(s_agreement.Hex("dh3_hex"), Dh("alice_ephemeral", "bob_signed_prekey"));
        Assert.Equal(s_agreement.Hex("dh4_hex"), Dh("alice_ephemeral", "bob_one_time_prekey"));

        var kem = MlKem768.FromSeed(s_agreement.Hex("bob_post_quantum_seed_hex"));
        var (ciphertext, secret) = MlKem768.Encapsulate(kem.PublicKey, new QueuedEntropy(s_agreement.Hex("kem_randomness_hex")));
        Assert.Equal(s_agreement.Hex("bob_post_quantum_public_hex"), kem.PublicKey);
        Assert.Equal(s_agreement.Hex("kem_ciphertext_hex"), ciphertext);
        Assert.Equal(s_agreement.Hex("kem_shared_secret_hex"), secret);
        Assert.Equal(secret, kem.Decapsulate(ciphertext));
    }

    [Fact]
    public void The_shared_secret_and_associated_data_are_the_documented_hkdf_and_concatenation()
    {
        byte[] ikm =
        [
            .. Enumerable.Repeat((byte)0xFF, 32),
            .. s_agreement.Hex("dh1_hex"), .. s_agreement.Hex("dh2_hex"), .. s_agreement.Hex("dh3_hex"), .. s_agreement.Hex("dh4_hex"),
            .. s_agreement.Hex("kem_shared_secret_hex"),
        ];
        var secret = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 32, new byte[32], "Parley_PQXDH_P-256_SHA-256_ML-KEM-768_v1"u8.ToArray());
        byte[] associatedData =
        [
            .. s_agreement.Hex("alice_key_id_hex"), .. s_agreement.Hex("alice_identity_agreement_public_hex"),
            .. s_agreement.Hex("bob_key_id_hex"), .. s_agreement.Hex("bob_identity_agreement_public_hex"),
        ];

        Assert.Equal(s_agreement.Hex("shared_secret_hex"), secret);
        Assert.Equal(s_agreement.Hex("associated_data_hex"), associatedData);
    }

    [Fact]
    public void Both_sides_of_the_agreement_code_reproduce_the_vector()
    {
        using var aliceIdentity = Key("alice_identity_agreement");
        using var aliceEphemeral = Key("alice_ephemeral");
        using var bobIdentity = Key("bob_identity_agreement");
        using var bobSigned = Key("bob_signed_prekey");
        using var bobOneTime = Key("bob_one_time_prekey");
        var bobKem = MlKem768.FromSeed(s_agreement.Hex("bob_post_quantum_seed_hex"));
        var signed = new SignedPublicKey(
            PrekeyKind.IdentityAgreement, 0, s_agreement.Root.GetProperty("identity_agreement_created_at_ms").GetInt64(), aliceIdentity.PublicKey, s_agreement.Hex("identity_agreement_signature_hex"));
        var alice = new FixedSessionKeys(s_agreement.Hex("alice_key_id_hex"), aliceIdentity, signed);
        var (spkId, otpId, pqId) = (Id("bob_signed_prekey_id"), Id("bob_one_time_prekey_id"), Id("bob_post_quantum_prekey_id"));
        var bob = new FixedSessionKeys(s_agreement.Hex("bob_key_id_hex"), bobIdentity, signed, (spkId, bobSigned), (otpId, bobOneTime), (pqId, bobKem));
        using var bundle = new VerifiedPrekeyBundle(
            s_agreement.Hex("bob_key_id_hex"), P256PublicKey.Import(bobIdentity.PublicKey), spkId, DateTimeOffset.UnixEpoch, P256PublicKey.Import(bobSigned.PublicKey), pqId, bobKem.PublicKey, otpId, P256PublicKey.Import(bobOneTime.PublicKey));

        var initiated = SessionAgreement.Initiate(alice, bundle, aliceEphemeral, new QueuedEntropy(s_agreement.Hex("kem_randomness_hex")));
        using var aliceIdentityPublic = P256PublicKey.Import(aliceIdentity.PublicKey);
        var responded = SessionAgreement.Respond(bob, s_agreement.Hex("alice_key_id_hex"), aliceIdentityPublic, InitialHeader.Decode(s_agreement.Hex("initial_header_hex")));

        Assert.Equal(s_agreement.Hex("initial_header_hex"), initiated.Header.Encode());
        Assert.Equal(s_agreement.Hex("shared_secret_hex"), initiated.SharedSecret);
        Assert.Equal(s_agreement.Hex("shared_secret_hex"), responded.SharedSecret);
        Assert.Equal(s_agreement.Hex("associated_data_hex"), initiated.AssociatedData);
        Assert.Equal(s_agreement.Hex("associated_data_hex"), responded.AssociatedData);
        Assert.Equal(otpId, responded.UsedOneTimePrekeyId);
    }

    [Fact]
    public void The_first_message_is_the_documented_root_step_chain_step_padding_and_aes_gcm()
    {
        var (header, messageKey) = DocumentedFirstMessage.Keys(s_ratchet, s_agreement);
        var text = Message(0).GetProperty("text").GetString()!;

        Assert.Equal(VectorFile.Hex(Message(0), "header_hex"), header);
        Assert.Equal(VectorFile.Hex(Message(0), "message_hex"), DocumentedFirstMessage.Seal(header, messageKey, text, [.. s_ratchet.Hex("associated_data_hex"), .. header]));
    }

    [Fact]
    public void The_conversation_sealed_with_the_fixed_ratchet_keys_gives_every_message_and_both_states_exactly()
    {
        var header = InitialHeader.Decode(s_ratchet.Hex("initial_header_hex"));
        var initiator = new InitiatorAgreement(s_ratchet.Hex("shared_secret_hex"), s_ratchet.Hex("associated_data_hex"), header, s_agreement.Hex("bob_signed_prekey_public_hex"));
        var responder = new ResponderAgreement(s_ratchet.Hex("shared_secret_hex"), s_ratchet.Hex("associated_data_hex"), Id("bob_signed_prekey_id"), Id("bob_one_time_prekey_id"), header.EphemeralKey);
        using var bobSigned = P256KeyPair.FromPrivate(s_ratchet.Hex("bob_signed_prekey_private_hex"));
        using var alice = RatchetSession.StartAsInitiator(initiator, P256KeyPair.FromPrivate(s_ratchet.Hex("alice_first_ratchet_private_hex")), Entropy("alice_ratchet_privates_hex"));
        using var bob = RatchetSession.StartAsResponder(responder, bobSigned, Entropy("bob_ratchet_privates_hex"));

        foreach (var message in s_ratchet.Root.GetProperty("messages").EnumerateArray())
        {
            var (sender, recipient) = message.GetProperty("from").GetString() == "alice" ? (alice, bob) : (bob, alice);
            var text = message.GetProperty("text").GetString()!;

            var sealedBytes = sender.Seal(Encoding.UTF8.GetBytes(text));

            Assert.Equal(VectorFile.Hex(message, "message_hex"), sealedBytes);
            Assert.Equal(text, Encoding.UTF8.GetString(recipient.Open(sealedBytes)));
        }

        Assert.Equal(s_ratchet.Hex("alice_state_hex"), alice.Serialize());
        Assert.Equal(s_ratchet.Hex("bob_state_hex"), bob.Serialize());
        using var restored = RatchetSession.Deserialize(s_ratchet.Hex("bob_state_hex"), SystemEntropy.Instance);
        Assert.Equal(s_ratchet.Hex("bob_state_hex"), restored.Serialize());
    }

    private static JsonElement Message(int index) => s_ratchet.Root.GetProperty("messages")[index];

    private static uint Id(string property) => s_agreement.Root.GetProperty(property).GetUInt32();

    private static P256KeyPair Key(string who) => P256KeyPair.FromPrivate(s_agreement.Hex(who + "_private_hex"));

    private static byte[] Dh(string own, string other)
    {
        using var key = Key(own);
        using var otherPublic = P256PublicKey.Import(s_agreement.Hex(other + "_public_hex"));
        return key.Agree(otherPublic);
    }

    private static QueuedEntropy Entropy(string property) =>
        new([.. s_ratchet.Root.GetProperty(property).EnumerateArray().Select(e => Convert.FromHexString(e.GetString()!))]);
}
