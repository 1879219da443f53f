using Parley.Crypto.Envelope;

namespace Parley.Crypto;

/// <summary>
/// Checks and opens envelopes delivered to the identity it was made for. Reading and opening are two
/// steps so that the caller can find the sender's key between them without reading the bytes twice.
/// </summary>
public interface IMessageOpener
{
    /// <summary>Reads an envelope without checking anything (<see cref="SealedEnvelope"/>).</summary>
    /// <exception cref="SealRejectedException">Malformed.</exception>
    SealedEnvelope Read(ReadOnlySpan<byte> sealedBytes);

    /// <summary>
    /// Checks and opens an envelope delivered to <paramref name="recipientName"/>, that the server says
    /// came from <paramref name="deliveredFrom"/>, whose key is <paramref name="senderKey"/>; records it
    /// as seen, so the same envelope opens once.
    /// </summary>
    /// <exception cref="SealRejectedException">Any check failed; the reason says which.</exception>
    OpenedMessage Open(SealedEnvelope envelope, string recipientName, string deliveredFrom, PeerKey senderKey, DateTimeOffset now);
}
