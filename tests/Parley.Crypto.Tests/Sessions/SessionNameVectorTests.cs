using System.Buffers.Binary;
using System.Text;
using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>
/// docs/vectors/session-names.json: the names bound into every session message (docs/sessions.md §5), built from the
/// documented layout here, and by <see cref="SessionNames"/>; and ratchet.json's first message sealed with them bound.
/// </summary>
public sealed class SessionNameVectorTests
{
    private static readonly VectorFile s_names = VectorFile.Read("session-names.json");
    private static readonly VectorFile s_ratchet = VectorFile.Read("ratchet.json");
    private static readonly VectorFile s_agreement = VectorFile.Read("session-agreement.json");

    [Fact]
    public void Each_name_enters_as_its_nfc_spelling_up_to_case_after_the_label_and_its_length()
    {
        foreach (var item in s_names.Root.GetProperty("cases").EnumerateArray())
        {
            var (sender, recipient) = (VectorFile.Text(item, "sender"), VectorFile.Text(item, "recipient"));
            var boundSender = VectorFile.Text(item, "bound_sender");
            var boundRecipient = VectorFile.Text(item, "bound_recipient");
            byte[] documented = [.. "PARLEY-SESSION-NAMES-V1"u8, 0x00, .. Field(boundSender), .. Field(boundRecipient)];
            var names = new SessionNames(sender, recipient);

            Assert.Equal(boundSender, CaseOnly(sender));
            Assert.Equal(boundRecipient, CaseOnly(recipient));
            Assert.Equal(VectorFile.Hex(item, "bound_hex"), documented);
            Assert.Equal(VectorFile.Hex(item, "bound_hex"), names.Bound.ToArray());
        }
    }

    [Fact]
    public void The_first_message_with_names_bound_is_aes_gcm_over_session_ad_header_and_names()
    {
        var message = s_names.Root.GetProperty("message");
        var (header, messageKey) = DocumentedFirstMessage.Keys(s_ratchet, s_agreement);
        byte[] associatedData = [.. s_ratchet.Hex("associated_data_hex"), .. header, .. VectorFile.Hex(message, "bound_hex")];

        Assert.Equal(VectorFile.Hex(message, "associated_data_hex"), associatedData);
        Assert.Equal(VectorFile.Hex(message, "message_hex"), DocumentedFirstMessage.Seal(header, messageKey, VectorFile.Text(message, "text"), associatedData));
    }

    [Fact]
    public void The_ratchet_seals_the_vector_with_the_names_and_opens_it_only_with_them()
    {
        var message = s_names.Root.GetProperty("message");
        var names = new SessionNames(VectorFile.Text(message, "sender"), VectorFile.Text(message, "recipient"));
        var header = InitialHeader.Decode(s_ratchet.Hex("initial_header_hex"));
        var initiator = new InitiatorAgreement(s_ratchet.Hex("shared_secret_hex"), s_ratchet.Hex("associated_data_hex"), header, s_agreement.Hex("bob_signed_prekey_public_hex"));
        var responder = new ResponderAgreement(s_ratchet.Hex("shared_secret_hex"), s_ratchet.Hex("associated_data_hex"), header.SignedPrekeyId, header.OneTimePrekeyId, header.EphemeralKey);
        using var bobSigned = P256KeyPair.FromPrivate(s_ratchet.Hex("bob_signed_prekey_private_hex"));
        using var alice = RatchetSession.StartAsInitiator(initiator, P256KeyPair.FromPrivate(s_ratchet.Hex("alice_first_ratchet_private_hex")), new QueuedEntropy());
        using var bob = RatchetSession.StartAsResponder(responder, bobSigned, SystemEntropy.Instance);

        var sealedBytes = alice.Seal(Encoding.UTF8.GetBytes(VectorFile.Text(message, "text")), names.Bound);

        Assert.Equal(VectorFile.Hex(message, "message_hex"), sealedBytes);
        Assert.NotEqual(VectorFile.Hex(s_ratchet.Root.GetProperty("messages")[0], "message_hex"), sealedBytes);
        var other = new SessionNames("alice", "bob-work");
        Assert.Equal(SessionRejection.Tampered, Assert.Throws<SessionRejectedException>(() => bob.Open(sealedBytes, other.Bound)).Reason);
        Assert.Equal(VectorFile.Text(message, "text"), Encoding.UTF8.GetString(bob.Open(sealedBytes, names.Bound)));
    }

    private static string CaseOnly(string name)
    {
        var nfc = name.Normalize(NormalizationForm.FormC);
        return nfc.ToUpperInvariant().ToLowerInvariant().Normalize(NormalizationForm.FormC);
    }

    private static byte[] Field(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var field = new byte[4 + bytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(field, (uint)bytes.Length);
        bytes.CopyTo(field, 4);
        return field;
    }
}
