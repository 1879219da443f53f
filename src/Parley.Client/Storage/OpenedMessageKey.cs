using System.Security.Cryptography;

namespace Parley.Client.Storage;

/// <summary>
/// Names one opened session message in sessions.db's opened_messages: the sender's RSA key id and the SHA-256 of the
/// ratchet message exactly as delivered (header ‖ ciphertext ‖ tag). Only the very bytes that opened match, so a forged
/// message reusing an opened one's header never finds its plaintext. Hex, so it can key a dictionary.
/// </summary>
internal sealed record OpenedMessageKey(string SenderKeyId, string Digest)
{
    public static OpenedMessageKey Of(ReadOnlySpan<byte> senderKeyId, ReadOnlySpan<byte> ratchetMessage) =>
        new(Convert.ToHexStringLower(senderKeyId), Convert.ToHexStringLower(SHA256.HashData(ratchetMessage)));

    public byte[] SenderKeyIdBytes => Convert.FromHexString(SenderKeyId);

    public byte[] DigestBytes => Convert.FromHexString(Digest);
}
