using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Parley.Crypto;
using Parley.Crypto.Envelope;

namespace Parley.Crypto.Tests;

/// <summary>
/// docs/vectors/sealed-message.json: every value an implementation can reproduce from the fixed inputs
/// (all but the randomized wrapped key and signature, which the file gives) matches byte for byte.
/// </summary>
public sealed class SealedMessageVectorTests
{
    private static readonly VectorFile s_vector = VectorFile.Read("sealed-message.json");
    private static readonly JsonElement s_sender = s_vector.Root.GetProperty("sender");
    private static readonly JsonElement s_recipient = s_vector.Root.GetProperty("recipient");

    private static DateTimeOffset SentAt => DateTimeOffset.FromUnixTimeMilliseconds(s_vector.Root.GetProperty("sent_at_ms").GetInt64());

    [Fact]
    public void The_vector_keys_have_exponent_65537_and_the_spki_key_id_and_fingerprint_the_file_gives()
    {
        foreach (var party in new[] { s_sender, s_recipient })
        {
            using var identity = Identity.FromPem(VectorFile.Text(party, "private_key_pkcs8_pem"));

            Assert.Equal(party.GetProperty("bits").GetInt32(), identity.PublicKey.KeySizeBits);
            Assert.Equal("010001", VectorFile.Text(party, "public_exponent_hex"));
            Assert.Equal(VectorFile.Hex(party, "public_key_spki_hex"), identity.PublicKey.Spki);
            Assert.Equal(VectorFile.Hex(party, "key_id_hex"), identity.PublicKey.KeyId);
            Assert.Equal(VectorFile.Text(party, "fingerprint"), identity.Fingerprint);
        }
    }

    [Fact]
    public void The_header_plaintext_ciphertext_and_tag_follow_from_the_fixed_inputs_as_documented()
    {
        var header = DocumentedHeader();
        var plaintext = s_vector.Hex("plaintext_hex");
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var gcm = new AesGcm(s_vector.Hex("content_key_hex"), tag.Length))
        {
            gcm.Encrypt(s_vector.Hex("nonce_hex"), plaintext, ciphertext, tag, header);
        }

        Assert.Equal(s_vector.Hex("header_hex"), header);
        Assert.Equal(new SealedContent { Text = s_vector.Text("text") }.ToByteArray(), plaintext);
        Assert.Equal(s_vector.Hex("ciphertext_hex"), ciphertext);
        Assert.Equal(s_vector.Hex("tag_hex"), tag);
    }

    [Fact]
    public void The_signature_verifies_over_the_documented_transcript_and_the_wrapped_key_unwraps_to_the_content_key()
    {
        using var sender = PeerKey.FromSpki(VectorFile.Hex(s_sender, "public_key_spki_hex"));
        using var recipient = Identity.FromPem(VectorFile.Text(s_recipient, "private_key_pkcs8_pem"));
        var signed = DocumentedSignedBytes();

        Assert.Equal(s_vector.Hex("signed_hex"), signed);
        Assert.True(sender.Verify(signed, s_vector.Hex("signature_hex")));
        Assert.Equal(s_vector.Hex("content_key_hex"), recipient.UnwrapKey(s_vector.Hex("wrapped_key_hex")));
    }

    [Fact]
    public void The_sealed_bytes_parse_to_the_vector_fields_with_the_documented_sizes()
    {
        var m = SealedMessage.Parser.ParseFrom(s_vector.Hex("sealed_message_hex"));

        Assert.Equal(1u, m.Version);
        Assert.Equal(VectorFile.Text(s_sender, "name"), m.Sender);
        Assert.Equal(VectorFile.Text(s_recipient, "name"), m.Recipient);
        Assert.Equal(s_vector.Hex("message_id_hex"), m.MessageId.ToByteArray());
        Assert.Equal(SentAt.ToUnixTimeMilliseconds(), m.SentAtMs);
        Assert.Equal(VectorFile.Hex(s_sender, "key_id_hex"), m.SenderKeyId.ToByteArray());
        Assert.Equal(VectorFile.Hex(s_recipient, "key_id_hex"), m.RecipientKeyId.ToByteArray());
        Assert.Equal(s_vector.Hex("wrapped_key_hex"), m.WrappedKey.ToByteArray());
        Assert.Equal(s_vector.Hex("nonce_hex"), m.Nonce.ToByteArray());
        Assert.Equal(s_vector.Hex("ciphertext_hex"), m.Ciphertext.ToByteArray());
        Assert.Equal(s_vector.Hex("tag_hex"), m.Tag.ToByteArray());
        Assert.Equal(s_vector.Hex("signature_hex"), m.Signature.ToByteArray());

        // docs/protocol.md §7: fixed sizes, and RSA outputs as long as the modulus of the key that made them.
        Assert.Equal((16, 32, 32, 12, 16), (m.MessageId.Length, m.SenderKeyId.Length, m.RecipientKeyId.Length, m.Nonce.Length, m.Tag.Length));
        Assert.Equal(s_recipient.GetProperty("bits").GetInt32() / 8, m.WrappedKey.Length);
        Assert.Equal(s_sender.GetProperty("bits").GetInt32() / 8, m.Signature.Length);
    }

    [Fact]
    public void Sealing_the_vector_inputs_with_its_wrapped_key_and_signature_gives_its_bytes_exactly()
    {
        using var sender = PeerKey.FromSpki(VectorFile.Hex(s_sender, "public_key_spki_hex"));
        using var recipient = PeerKey.FromSpki(VectorFile.Hex(s_recipient, "public_key_spki_hex"));
        byte[]? wrapped = null;
        byte[]? signed = null;

        var sealedBytes = MessageSealer.Seal(
            sender,
            VectorFile.Text(s_sender, "name"),
            recipient,
            VectorFile.Text(s_recipient, "name"),
            s_vector.Text("text"),
            SentAt,
            new SealParts(
                s_vector.Hex("content_key_hex"),
                s_vector.Hex("nonce_hex"),
                s_vector.Hex("message_id_hex"),
                key =>
                {
                    wrapped = key;
                    return s_vector.Hex("wrapped_key_hex");
                },
                transcript =>
                {
                    signed = transcript;
                    return s_vector.Hex("signature_hex");
                }));

        Assert.Equal(s_vector.Hex("sealed_message_hex"), sealedBytes);
        Assert.Equal(s_vector.Hex("content_key_hex"), wrapped);
        Assert.Equal(s_vector.Hex("signed_hex"), signed);
    }

    [Fact]
    public void The_recipient_opens_the_vector_bytes_to_its_text()
    {
        using var recipient = Identity.FromPem(VectorFile.Text(s_recipient, "private_key_pkcs8_pem"));
        using var sender = PeerKey.FromSpki(VectorFile.Hex(s_sender, "public_key_spki_hex"));

        var opened = MessageSealer.Open(
            recipient,
            VectorFile.Text(s_recipient, "name"),
            VectorFile.Text(s_sender, "name"),
            sender,
            s_vector.Hex("sealed_message_hex"),
            SentAt,
            new ReplayGuard());

        Assert.Equal(s_vector.Text("text"), opened.Text);
        Assert.Equal(SentAt, opened.SentAt);
        Assert.Equal(s_vector.Text("message_id_hex"), opened.MessageId);
    }

    // uint32be version | uint32be len | sender | uint32be len | recipient | id | int64be sent_at_ms | sender key id | recipient key id
    private static byte[] DocumentedHeader()
    {
        var bytes = new List<byte>();
        bytes.AddRange(UInt32(1));
        bytes.AddRange(Field(Encoding.UTF8.GetBytes(VectorFile.Text(s_sender, "name"))));
        bytes.AddRange(Field(Encoding.UTF8.GetBytes(VectorFile.Text(s_recipient, "name"))));
        bytes.AddRange(s_vector.Hex("message_id_hex"));
        var time = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, SentAt.ToUnixTimeMilliseconds());
        bytes.AddRange(time);
        bytes.AddRange(VectorFile.Hex(s_sender, "key_id_hex"));
        bytes.AddRange(VectorFile.Hex(s_recipient, "key_id_hex"));
        return [.. bytes];
    }

    // "PARLEY-SEAL-V1" 0x00 | header | uint32be len | wrapped key | nonce | uint32be len | ciphertext | tag
    private static byte[] DocumentedSignedBytes() =>
    [
        .. "PARLEY-SEAL-V1\0"u8.ToArray(),
        .. DocumentedHeader(),
        .. Field(s_vector.Hex("wrapped_key_hex")),
        .. s_vector.Hex("nonce_hex"),
        .. Field(s_vector.Hex("ciphertext_hex")),
        .. s_vector.Hex("tag_hex"),
    ];

    private static byte[] Field(byte[] bytes) => [.. UInt32((uint)bytes.Length), .. bytes];

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
