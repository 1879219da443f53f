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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Label);
        hash.AppendData(baseKey);
        hash.AppendData(ratchetMessage[..headerLength]);
        return hash.GetHashAndReset()[..Bytes];
    }
}
