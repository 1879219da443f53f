using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Parley.Crypto;
using Parley.Crypto.Envelope;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Bench.Vectors;

/// <summary>
/// The hidden <c>vectors</c> command: writes docs/vectors/*.json (docs/protocol.md §11) with fresh
/// test-only keys. Every fixed input is a byte pattern; the randomized RSA operations (PSS signatures,
/// OAEP wrapping) are done once here and their outputs recorded, so everything else in a file can be
/// checked byte for byte. Run it only when the format changes: each run makes new keys.
/// </summary>
internal static class VectorsCommand
{
    public const string LoginFile = "login-transcript.json";
    public const string SealedFile = "sealed-message.json";

    private const string TestOnly =
        "TEST KEYS ONLY: these private keys are published; never use them for anything but checking an implementation.";

    // Non-ASCII text and the PEM's '+' stay readable instead of becoming \uXXXX escapes.
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        Write(Path.Combine(outputDirectory, LoginFile), Login());
        Write(Path.Combine(outputDirectory, SealedFile), Sealed());
        var (agreement, ratchet, names) = SessionVectors.Build();
        Write(Path.Combine(outputDirectory, SessionVectors.AgreementFile), agreement);
        Write(Path.Combine(outputDirectory, SessionVectors.RatchetFile), ratchet);
        Write(Path.Combine(outputDirectory, SessionVectors.NamesFile), names);
        Console.WriteLine($"wrote {LoginFile}, {SealedFile}, {SessionVectors.AgreementFile}, {SessionVectors.RatchetFile} and {SessionVectors.NamesFile} to {outputDirectory}");
        return 0;
    }

    private static JsonObject Login()
    {
        using var rsa = RSA.Create(3072);
        using var identity = Identity.FromPem(rsa.ExportPkcs8PrivateKeyPem());
        var spki = identity.PublicKey.Spki;
        var challenge = Pattern(0x00, ProtocolConstants.ChallengeBytes);
        const string name = "zoë";
        var binding = Pattern(0x20, 32);
        var transcript = LoginTranscript.Build(challenge, binding, name, spki);
        var signature = identity.Sign(transcript);
        var frame = FrameCodec.ToFrameBytes(new ClientFrame
        {
            Login = new Login
            {
                Name = name,
                PublicKey = ByteString.CopyFrom(spki),
                Signature = ByteString.CopyFrom(signature),
                Presence = true,
            },
        });

        return new JsonObject
        {
            ["about"] = "Parley login transcript, protocol version 2 (docs/protocol.md §3.2). transcript_hex must match exactly; signature_hex must verify " +
                "(RSA-PSS is randomized: a fresh signature differs and must verify too). channel_binding_hex stands for the tls-server-end-point " +
                "channel binding (RFC 5929) of the server's certificate: a fixed pattern here, 32 bytes as a SHA-256 binding is. " + TestOnly,
            ["key"] = Key(rsa, identity.PublicKey),
            ["challenge_hex"] = Hex(challenge),
            ["channel_binding_hex"] = Hex(binding),
            ["name"] = name,
            ["transcript_hex"] = Hex(transcript),
            ["signature_scheme"] = "RSASSA-PSS, SHA-256, MGF1-SHA-256, salt length 32",
            ["signature_hex"] = Hex(signature),
            ["presence"] = true,
            ["login_frame_hex"] = Hex(frame),
        };
    }

    private static JsonObject Sealed()
    {
        using var senderRsa = RSA.Create(3072);
        using var recipientRsa = RSA.Create(4096);
        using var sender = Identity.FromPem(senderRsa.ExportPkcs8PrivateKeyPem());
        using var recipient = Identity.FromPem(recipientRsa.ExportPkcs8PrivateKeyPem());
        var contentKey = Pattern(0xA0, 32);
        var nonce = Pattern(0xC0, 12);
        var messageId = Pattern(0xD0, 16);
        var sentAt = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        const string senderName = "alice";
        const string recipientName = "bob";
        const string text = "meet at noon ☕";

        byte[] wrapped = [];
        byte[] signed = [];
        byte[] signature = [];
        var sealedBytes = MessageSealer.Seal(
            sender.PublicKey,
            senderName,
            recipient.PublicKey,
            recipientName,
            text,
            sentAt,
            new SealParts(
                contentKey,
                nonce,
                messageId,
                key => wrapped = recipient.PublicKey.WrapKey(key),
                transcript =>
                {
                    signed = transcript;
                    return signature = sender.Sign(transcript);
                }));
        var message = SealedMessage.Parser.ParseFrom(sealedBytes);

        return new JsonObject
        {
            ["about"] = "Parley sealed message, format 1 (docs/protocol.md §7). RSA-OAEP and RSA-PSS are randomized, so wrapped_key_hex " +
                "and signature_hex are given: with them and the fixed key, nonce, id and time, every other value must match exactly; " +
                "opening sealed_message_hex as the recipient gives text. " + TestOnly,
            ["sender"] = Party(senderName, senderRsa, sender.PublicKey),
            ["recipient"] = Party(recipientName, recipientRsa, recipient.PublicKey),
            ["content_key_hex"] = Hex(contentKey),
            ["nonce_hex"] = Hex(nonce),
            ["message_id_hex"] = Hex(messageId),
            ["sent_at_ms"] = sentAt.ToUnixTimeMilliseconds(),
            ["text"] = text,
            ["wrapped_key_hex"] = Hex(wrapped),
            ["header_hex"] = Hex(SealTranscript.Header(message)),
            ["plaintext_hex"] = Hex(new SealedContent { Text = text }.ToByteArray()),
            ["ciphertext_hex"] = Hex(message.Ciphertext.Span),
            ["tag_hex"] = Hex(message.Tag.Span),
            ["signed_hex"] = Hex(signed),
            ["signature_hex"] = Hex(signature),
            ["sealed_message_hex"] = Hex(sealedBytes),
        };
    }

    private static JsonObject Party(string name, RSA rsa, PeerKey key)
    {
        var party = Key(rsa, key);
        party.Insert(0, "name", name);
        return party;
    }

    private static JsonObject Key(RSA rsa, PeerKey key)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["bits"] = rsa.KeySize,
            ["public_exponent_hex"] = Hex(parameters.Exponent!),
            ["private_key_pkcs8_pem"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["public_key_spki_hex"] = Hex(key.Spki),
            ["key_id_hex"] = Hex(key.KeyId),
            ["fingerprint"] = key.Fingerprint,
        };
    }

    private static byte[] Pattern(byte first, int length) =>
        [.. Enumerable.Range(0, length).Select(i => (byte)(first + i))];

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static void Write(string path, JsonObject vector) =>
        File.WriteAllText(path, vector.ToJsonString(s_json) + "\n");
}
