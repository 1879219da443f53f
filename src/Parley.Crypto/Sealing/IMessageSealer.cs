namespace Parley.Crypto;

/// <summary>
/// Seals a text for one recipient as the identity it was made for. Today's implementation is
/// <see cref="RsaHybridSealer"/> (format 1); a forward-secret session sealer can sit beside it.
/// </summary>
public interface IMessageSealer
{
    /// <summary>
    /// The sealed envelope's bytes, serialized once: the caller hands them to the wire without copying
    /// (protobuf's <c>UnsafeByteOperations.UnsafeWrap</c>) and must not change them afterwards.
    /// </summary>
    /// <param name="senderName">This identity's name as registered.</param>
    /// <param name="recipientKey">The key to seal to (the pinned one where there is a pin).</param>
    /// <param name="recipientName">The recipient as the user named it.</param>
    /// <exception cref="InvalidKeyException">The recipient key cannot be used.</exception>
    byte[] Seal(string senderName, PeerKey recipientKey, string recipientName, string text, DateTimeOffset now);
}
