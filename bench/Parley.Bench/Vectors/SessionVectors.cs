using System.Text;
using System.Text.Json.Nodes;
using Parley.Crypto.Sessions;

namespace Parley.Bench.Vectors;

/// <summary>
/// docs/vectors/session-agreement.json, ratchet.json and session-names.json (docs/sessions.md §10): every private key,
/// the ML-KEM seed and the encapsulation randomness are fixed byte patterns, so the files come out the same on every run.
/// </summary>
internal static class SessionVectors
{
    public const string AgreementFile = "session-agreement.json";
    public const string RatchetFile = "ratchet.json";
    public const string NamesFile = "session-names.json";

    private const uint SignedPrekeyId = 7;
    private const uint OneTimePrekeyId = 42;
    private const uint PostQuantumPrekeyId = 3;
    private const long CreatedAtMs = 1_767_268_800_000; // 2026-01-01T12:00:00Z

    private static readonly string[] s_conversation = ["alice", "a0", "a1", "bob", "b0", "alice", "a2"];

    public static (JsonObject Agreement, JsonObject Ratchet, JsonObject Names) Build()
    {
        var aliceKeyId = Pattern(0x10, 32);
        var bobKeyId = Pattern(0x30, 32);
        using var aliceIdentity = P256KeyPair.FromPrivate(Pattern(0x01, 32));
        using var aliceEphemeral = P256KeyPair.FromPrivate(Pattern(0x11, 32));
        using var bobIdentity = P256KeyPair.FromPrivate(Pattern(0x21, 32));
        using var bobSigned = P256KeyPair.FromPrivate(Pattern(0x31, 32));
        using var bobOneTime = P256KeyPair.FromPrivate(Pattern(0x41, 32));
        var bobKem = MlKem768.FromSeed(Pattern(0x51, 64));
        var kemRandomness = Pattern(0x91, 32);
        var signatureStandIn = Pattern(0xE0, 384);

        var aliceSigned = new SignedPublicKey(PrekeyKind.IdentityAgreement, 0, CreatedAtMs, aliceIdentity.PublicKey, signatureStandIn);
        var alice = new FixedSessionKeys(aliceKeyId, aliceIdentity, aliceSigned);
        using var bobIdentityPublic = P256PublicKey.Import(bobIdentity.PublicKey);
        using var bundle = new VerifiedPrekeyBundle(
            bobKeyId,
            bobIdentityPublic,
            SignedPrekeyId,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs),
            P256PublicKey.Import(bobSigned.PublicKey),
            PostQuantumPrekeyId,
            bobKem.PublicKey,
            OneTimePrekeyId,
            P256PublicKey.Import(bobOneTime.PublicKey));
        var agreement = SessionAgreement.Initiate(alice, bundle, aliceEphemeral, new QueuedEntropy(kemRandomness));
        var (_, kemSecret) = MlKem768.Encapsulate(bobKem.PublicKey, new QueuedEntropy(kemRandomness));

        var agreementJson = new JsonObject
        {
            ["about"] = "Parley session agreement, version 1 (docs/sessions.md §3). Private keys are big-endian P-256 scalars, " +
                "public keys SEC1 compressed points; the ML-KEM-768 private key is its 64-byte seed (d ‖ z) and kem_randomness_hex the " +
                "32-byte message m of FIPS 203 encapsulation. The key ids stand for SHA-256 of each party's RSA SPKI, and " +
                "identity_agreement_signature_hex for Alice's RSA-PSS signature (a fixed pattern: not checked here). Every other value must match exactly. TEST KEYS ONLY.",
            ["alice_key_id_hex"] = Hex(aliceKeyId),
            ["bob_key_id_hex"] = Hex(bobKeyId),
            ["alice_identity_agreement_private_hex"] = Hex(aliceIdentity.ExportPrivate()),
            ["alice_identity_agreement_public_hex"] = Hex(aliceIdentity.PublicKey),
            ["identity_agreement_created_at_ms"] = CreatedAtMs,
            ["identity_agreement_signature_hex"] = Hex(signatureStandIn),
            ["alice_ephemeral_private_hex"] = Hex(aliceEphemeral.ExportPrivate()),
            ["alice_ephemeral_public_hex"] = Hex(aliceEphemeral.PublicKey),
            ["bob_identity_agreement_private_hex"] = Hex(bobIdentity.ExportPrivate()),
            ["bob_identity_agreement_public_hex"] = Hex(bobIdentity.PublicKey),
            ["bob_signed_prekey_id"] = SignedPrekeyId,
            ["bob_signed_prekey_private_hex"] = Hex(bobSigned.ExportPrivate()),
            ["bob_signed_prekey_public_hex"] = Hex(bobSigned.PublicKey),
            ["bob_one_time_prekey_id"] = OneTimePrekeyId,
            ["bob_one_time_prekey_private_hex"] = Hex(bobOneTime.ExportPrivate()),
            ["bob_one_time_prekey_public_hex"] = Hex(bobOneTime.PublicKey),
            ["bob_post_quantum_prekey_id"] = PostQuantumPrekeyId,
            ["bob_post_quantum_seed_hex"] = Hex(bobKem.ExportSeed()),
            ["bob_post_quantum_public_hex"] = Hex(bobKem.PublicKey),
            ["kem_randomness_hex"] = Hex(kemRandomness),
            ["dh1_hex"] = Hex(aliceIdentity.Agree(bundle.SignedPrekey)),
            ["dh2_hex"] = Hex(aliceEphemeral.Agree(bobIdentityPublic)),
            ["dh3_hex"] = Hex(aliceEphemeral.Agree(bundle.SignedPrekey)),
            ["dh4_hex"] = Hex(aliceEphemeral.Agree(bundle.OneTimePrekey!)),
            ["kem_ciphertext_hex"] = Hex(agreement.Header.KemCiphertext),
            ["kem_shared_secret_hex"] = Hex(kemSecret),
            ["shared_secret_hex"] = Hex(agreement.SharedSecret),
            ["associated_data_hex"] = Hex(agreement.AssociatedData),
            ["initial_header_hex"] = Hex(agreement.Header.Encode()),
        };
        return (agreementJson, Ratchet(agreement, bobSigned), SessionNameVectors.Build(agreement, bobSigned, Pattern(0x61, 32), Pattern(0x71, 32)));
    }

    private static JsonObject Ratchet(InitiatorAgreement agreement, P256KeyPair bobSigned)
    {
        var aliceFirst = Pattern(0x61, 32);
        var aliceEntropy = new QueuedEntropy(Pattern(0x81, 32));
        var bobEntropy = new QueuedEntropy(Pattern(0x71, 32), Pattern(0xA1, 32));
        using var alice = RatchetSession.StartAsInitiator(agreement, P256KeyPair.FromPrivate(aliceFirst), aliceEntropy);
        var responder = new ResponderAgreement(agreement.SharedSecret, agreement.AssociatedData, SignedPrekeyId, OneTimePrekeyId, agreement.Header.EphemeralKey);
        using var bob = RatchetSession.StartAsResponder(responder, bobSigned, bobEntropy);

        var messages = new JsonArray();
        var from = "alice";
        foreach (var step in s_conversation)
        {
            if (step is "alice" or "bob")
            {
                from = step;
                continue;
            }

            var (sender, recipient) = from == "alice" ? (alice, bob) : (bob, alice);
            var message = sender.Seal(Encoding.UTF8.GetBytes(step));
            var header = RatchetHeader.Decode(message, out var headerLength);
            recipient.Open(message);
            messages.Add(new JsonObject
            {
                ["from"] = from,
                ["text"] = step,
                ["header_hex"] = Hex(message.AsSpan(0, headerLength)),
                ["previous_chain_length"] = header.PreviousChainLength,
                ["message_number"] = header.MessageNumber,
                ["message_hex"] = Hex(message),
            });
        }

        return new JsonObject
        {
            ["about"] = "Parley Double Ratchet, version 1 (docs/sessions.md §4-§8), continuing session-agreement.json: alice starts with " +
                "alice_first_ratchet_private_hex against Bob's signed prekey; each side draws its next ratchet private keys, in order, from " +
                "*_ratchet_privates_hex. Sealing the texts in order gives message_hex exactly; each opens as the other side. The states " +
                "after the conversation serialize to *_state_hex (format 1). TEST KEYS ONLY.",
            ["shared_secret_hex"] = Hex(agreement.SharedSecret),
            ["associated_data_hex"] = Hex(agreement.AssociatedData),
            ["initial_header_hex"] = Hex(agreement.Header.Encode()),
            ["bob_signed_prekey_private_hex"] = Hex(bobSigned.ExportPrivate()),
            ["alice_first_ratchet_private_hex"] = Hex(aliceFirst),
            ["alice_ratchet_privates_hex"] = new JsonArray(Hex(Pattern(0x81, 32))),
            ["bob_ratchet_privates_hex"] = new JsonArray(Hex(Pattern(0x71, 32)), Hex(Pattern(0xA1, 32))),
            ["messages"] = messages,
            ["alice_state_hex"] = Hex(alice.Serialize()),
            ["bob_state_hex"] = Hex(bob.Serialize()),
        };
    }

    private static byte[] Pattern(byte first, int length) =>
        [.. Enumerable.Range(0, length).Select(i => (byte)(first + i))];

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
