using System.Security.Cryptography;
using Parley.Crypto.Sessions;

namespace Parley.Client.Storage;

/// <summary>
/// Names one opened session message in sessions.db's opened_messages: the sender's RSA key id and the SHA-256 of the
/// names it opened under (<see cref="SessionNames.Bound"/>, self-delimiting) followed by the ratchet message exactly as
/// delivered (header ‖ ciphertext ‖ tag). Only the very bytes that opened, delivered under the same names, match: a
/// forged message reusing an opened one's header never finds its plaintext, and neither does the same message handed
/// to another name of this key or relabelled as from another name of the sender's. Hex, so it can key a dictionary.
/// </summary>
internal sealed record OpenedMessageKey(string SenderKeyId, string Digest)
{
    public static OpenedMessageKey Of(ReadOnlySpan<byte> senderKeyId, SessionNames names, ReadOnlySpan<byte> ratchetMessage)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(names.Bound);
        hash.AppendData(ratchetMessage);
        return new(Convert.ToHexStringLower(senderKeyId), Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public byte[] SenderKeyIdBytes => Convert.FromHexString(SenderKeyId);

    public byte[] DigestBytes => Convert.FromHexString(Digest);
}
