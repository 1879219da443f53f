using System.Security.Cryptography;
using Google.Protobuf;
using Parley.Crypto;
using Parley.Crypto.Envelope;

namespace Parley.Testing;

/// <summary>
/// Gives a sealed message another message id and makes it valid again: re-encrypted under its header
/// and re-signed by its sender, as a sender who picks its own ids would seal it. Uses Parley.Crypto's
/// internals (Parley.Crypto lets the test kit see them).
/// </summary>
public static class Reseal
{
    private const int TagBytes = 16;

    public static byte[] WithMessageId(byte[] sealedBytes, ReadOnlySpan<byte> messageId, Identity sender, Identity recipient)
    {
        var m = SealedMessage.Parser.ParseFrom(sealedBytes);
        var key = recipient.UnwrapKey(m.WrappedKey.ToByteArray());
        using var gcm = new AesGcm(key, TagBytes);
        var plaintext = new byte[m.Ciphertext.Length];
        gcm.Decrypt(m.Nonce.Span, m.Ciphertext.Span, m.Tag.Span, plaintext, SealTranscript.Header(m));

        m.MessageId = ByteString.CopyFrom(messageId);
        var header = SealTranscript.Header(m);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        gcm.Encrypt(m.Nonce.Span, plaintext, ciphertext, tag, header);
        m.Ciphertext = ByteString.CopyFrom(ciphertext);
        m.Tag = ByteString.CopyFrom(tag);
        m.Signature = ByteString.CopyFrom(sender.Sign(SealTranscript.Signed(m, header)));
        return m.ToByteArray();
    }
}
