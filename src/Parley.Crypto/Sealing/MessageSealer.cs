using System.Security.Cryptography;
using Google.Protobuf;
using Parley.Crypto.Envelope;
using Parley.Protocol;

namespace Parley.Crypto;

/// <summary>
/// Sealed-message format 1: a fresh AES-256-GCM key per message, wrapped for the recipient
/// with RSA-OAEP-SHA256, and an RSA-PSS-SHA256 signature by the sender over everything that
/// identifies the message. docs/security.md explains what each part protects. The format's code;
/// callers that seal and open as one identity use it through <see cref="RsaHybridSealer"/>.
/// </summary>
public static class MessageSealer
{
    public const uint FormatVersion = 1;
    private const int AesKeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int MessageIdBytes = 16;

    public static byte[] Seal(
        Identity sender,
        string senderName,
        PeerKey recipientKey,
        string recipientName,
        string text,
        DateTimeOffset now)
    {
        var aesKey = RandomNumberGenerator.GetBytes(AesKeyBytes);
        try
        {
            var parts = new SealParts(
                aesKey,
                RandomNumberGenerator.GetBytes(NonceBytes),
                RandomNumberGenerator.GetBytes(MessageIdBytes),
                key => recipientKey.WrapKey(key),
                transcript => sender.Sign(transcript));
            return Seal(sender.PublicKey, senderName, recipientKey, recipientName, text, now, parts);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aesKey);
        }
    }

    /// <summary>
    /// Seals with the given key, nonce and id, wrapping and signing through <paramref name="parts"/>:
    /// the deterministic path the published test vectors (docs/vectors) are made and checked with.
    /// </summary>
    internal static byte[] Seal(
        PeerKey senderKey,
        string senderName,
        PeerKey recipientKey,
        string recipientName,
        string text,
        DateTimeOffset now,
        SealParts parts)
    {
        var message = new SealedMessage
        {
            Version = FormatVersion,
            Sender = senderName,
            Recipient = recipientName,
            MessageId = ByteString.CopyFrom(parts.MessageId),
            SentAtMs = now.ToUnixTimeMilliseconds(),
            SenderKeyId = ByteString.CopyFrom(senderKey.KeyId),
            RecipientKeyId = ByteString.CopyFrom(recipientKey.KeyId),
            WrappedKey = UnsafeByteOperations.UnsafeWrap(parts.WrapKey(parts.ContentKey)),
            Nonce = ByteString.CopyFrom(parts.Nonce),
        };

        var header = SealTranscript.Header(message);
        var plaintext = new SealedContent { Text = text }.ToByteArray();
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using (var gcm = new AesGcm(parts.ContentKey, TagBytes))
        {
            gcm.Encrypt(message.Nonce.Span, plaintext, ciphertext, tag, header);
        }

        // Arrays made here and never changed again: wrapped, not copied.
        message.Ciphertext = UnsafeByteOperations.UnsafeWrap(ciphertext);
        message.Tag = UnsafeByteOperations.UnsafeWrap(tag);
        message.Signature = UnsafeByteOperations.UnsafeWrap(parts.Sign(SealTranscript.Signed(message, header)));
        return message.ToByteArray();
    }

    /// <summary>
    /// Reads who a sealed message claims to come from and the key id it names, so the caller can find
    /// that key. Nothing is checked: the sender chose both, of any length.
    /// </summary>
    /// <exception cref="SealRejectedException">Not a sealed message.</exception>
    public static (string Sender, byte[] SenderKeyId) PeekSender(ReadOnlySpan<byte> sealedBytes)
    {
        var envelope = SealedEnvelope.Read(sealedBytes);
        return (envelope.ClaimedSender, envelope.ClaimedSenderKeyId.ToArray());
    }

    /// <summary>
    /// Checks and opens a message delivered to <paramref name="recipientName"/>, that the
    /// server says came from <paramref name="deliveredFrom"/>, whose key we know as
    /// <paramref name="senderKey"/>.
    /// </summary>
    /// <exception cref="SealRejectedException">Any check failed; the reason says which.</exception>
    public static OpenedMessage Open(
        Identity recipient,
        string recipientName,
        string deliveredFrom,
        PeerKey senderKey,
        ReadOnlySpan<byte> sealedBytes,
        DateTimeOffset now,
        ReplayGuard replayGuard,
        FreshnessPolicy? freshness = null) =>
        Open(recipient, recipientName, deliveredFrom, senderKey, SealedEnvelope.Read(sealedBytes), now, replayGuard, freshness);

    /// <summary>As the other overload, for an envelope already read.</summary>
    /// <exception cref="SealRejectedException">Any check failed; the reason says which.</exception>
    public static OpenedMessage Open(
        Identity recipient,
        string recipientName,
        string deliveredFrom,
        PeerKey senderKey,
        SealedEnvelope envelope,
        DateTimeOffset now,
        ReplayGuard replayGuard,
        FreshnessPolicy? freshness = null)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        freshness ??= FreshnessPolicy.Default;
        var m = envelope.Message;

        if (m.Version != FormatVersion)
        {
            throw Reject(SealRejection.UnsupportedVersion, $"sealed-message format {m.Version} is not supported (this client reads {FormatVersion})");
        }

        if (m.MessageId.Length != MessageIdBytes || m.Nonce.Length != NonceBytes || m.Tag.Length != TagBytes
            || m.SenderKeyId.Length != KeyFingerprint.KeyIdBytes || m.RecipientKeyId.Length != KeyFingerprint.KeyIdBytes)
        {
            throw Reject(SealRejection.Malformed, "a field of the sealed message has the wrong length");
        }

        if (!SameName(m.Sender, deliveredFrom))
        {
            throw Reject(SealRejection.SenderMismatch, $"sealed by {QuotedField.Of(m.Sender)} but delivered as from {QuotedField.Of(deliveredFrom)}");
        }

        if (!CryptographicOperations.FixedTimeEquals(m.SenderKeyId.Span, senderKey.KeyId))
        {
            throw Reject(SealRejection.SenderKeyMismatch,
                $"signed with key {KeyFingerprint.FormatKeyId(m.SenderKeyId.Span)}, but {deliveredFrom}'s key is {senderKey.Fingerprint}");
        }

        if (!SameName(m.Recipient, recipientName)
            || !CryptographicOperations.FixedTimeEquals(m.RecipientKeyId.Span, recipient.PublicKey.KeyId))
        {
            throw Reject(SealRejection.Misaddressed, $"sealed for {QuotedField.Of(m.Recipient)} ({KeyFingerprint.FormatKeyId(m.RecipientKeyId.Span)}), not for us");
        }

        var header = SealTranscript.Header(m);
        if (!senderKey.Verify(SealTranscript.Signed(m, header), m.Signature.Span))
        {
            throw Reject(SealRejection.BadSignature, "the sender's signature does not match the message");
        }

        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(m.SentAtMs, 0, 253402300799999));
        if (sentAt < now - freshness.MaxAge)
        {
            throw Reject(SealRejection.Stale, $"sent at {sentAt:u}, older than {freshness.MaxAge.TotalMinutes:0} minutes");
        }

        if (sentAt > now + freshness.MaxClockSkew)
        {
            throw Reject(SealRejection.FromTheFuture, $"sent at {sentAt:u}, ahead of this clock by more than {freshness.MaxClockSkew.TotalMinutes:0} minutes");
        }

        // Keyed by the signer too, so nobody can spend another sender's message id first.
        var messageId = Convert.ToHexStringLower(m.MessageId.Span);
        var replayKey = new ReplayKey(Convert.ToHexStringLower(senderKey.KeyId), messageId);
        if (replayGuard.HasSeen(replayKey))
        {
            throw Reject(SealRejection.Replayed, $"message {messageId} was already received");
        }

        var text = Decrypt(recipient, m, header);
        if (!replayGuard.TryRecord(replayKey, sentAt, now))
        {
            throw Reject(SealRejection.Replayed, $"message {messageId} was already received");
        }

        return new OpenedMessage(m.Sender, m.Recipient, messageId, sentAt, senderKey.Fingerprint, text);
    }

    private static string Decrypt(Identity recipient, SealedMessage m, byte[] header)
    {
        byte[]? aesKey = null;
        try
        {
            aesKey = recipient.UnwrapKey(m.WrappedKey.ToByteArray());
            if (aesKey.Length != AesKeyBytes)
            {
                throw Reject(SealRejection.Tampered, "the wrapped message key has the wrong size");
            }

            var plaintext = new byte[m.Ciphertext.Length];
            using (var gcm = new AesGcm(aesKey, TagBytes))
            {
                gcm.Decrypt(m.Nonce.Span, m.Ciphertext.Span, m.Tag.Span, plaintext, header);
            }

            return SealedContent.Parser.ParseFrom(plaintext).Text;
        }
        catch (CryptographicException)
        {
            throw Reject(SealRejection.Tampered, "the message does not decrypt: it was altered or not sealed for this key");
        }
        catch (InvalidProtocolBufferException)
        {
            throw Reject(SealRejection.Malformed, "the decrypted content is not valid");
        }
        finally
        {
            if (aesKey is not null)
            {
                CryptographicOperations.ZeroMemory(aesKey);
            }
        }
    }

    private static bool SameName(string a, string b) =>
        NameRules.TryNormalize(a, out var na, out _) && NameRules.TryNormalize(b, out var nb, out _)
        && NameRules.UniquenessKey(na) == NameRules.UniquenessKey(nb);

    private static SealRejectedException Reject(SealRejection reason, string message) => new(reason, message);
}
