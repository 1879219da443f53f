using System.Security.Cryptography;

namespace Parley.Crypto.Sessions;

/// <summary>
/// A session message's id, which both ends compute and nobody sends: the first 16 bytes of
/// SHA-256("Parley_MessageId_v1" ‖ base key (33) ‖ ratchet header). A ratchet header's (ratchet key,
/// number) never repeats within a session and the base key names the session, so ids do not collide;
/// a delivery receipt (<c>SessionContent.receipts</c>) names the messages it acknowledges by them.
/// </summary>
public static class MessageId
{
    public const int Bytes = 16;

    private static ReadOnlySpan<byte> Label => "Parley_MessageId_v1"u8;

    /// <summary>The id of <paramref name="ratchetMessage"/> (header ‖ ciphertext ‖ tag) in the session of <paramref name="baseKey"/>.</summary>
    /// <exception cref="SessionRejectedException">Malformed: the message does not start with a ratchet header.</exception>
    public static byte[] Of(ReadOnlySpan<byte> baseKey, ReadOnlySpan<byte> ratchetMessage)
    {
        RatchetHeader.Decode(ratchetMessage, out var headerLength);
        var length = Label.Length + baseKey.Length + headerLength;
        Span<byte> input = length <= 128 ? stackalloc byte[128] : new byte[length];
        input = input[..length];
        Label.CopyTo(input);
        baseKey.CopyTo(input[Label.Length..]);
        ratchetMessage[..headerLength].CopyTo(input[(Label.Length + baseKey.Length)..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return hash[..Bytes].ToArray();
    }
}
