namespace Parley.Crypto;

/// <summary>
/// Sealed-message format 1 (<see cref="MessageSealer"/>) for one identity: seals as it, opens what was
/// sealed for it, and remembers what it opened in <paramref name="replayGuard"/>. It does not own the
/// identity or the guard.
/// </summary>
public sealed class RsaHybridSealer(Identity identity, ReplayGuard replayGuard, FreshnessPolicy? freshness = null)
    : IMessageSealer, IMessageOpener
{
    private readonly FreshnessPolicy _freshness = freshness ?? FreshnessPolicy.Default;

    public byte[] Seal(string senderName, PeerKey recipientKey, string recipientName, string text, DateTimeOffset now) =>
        MessageSealer.Seal(identity, senderName, recipientKey, recipientName, text, now);

    public Envelope.SealedEnvelope Read(ReadOnlySpan<byte> sealedBytes) => Envelope.SealedEnvelope.Read(sealedBytes);

    public OpenedMessage Open(Envelope.SealedEnvelope envelope, string recipientName, string deliveredFrom, PeerKey senderKey, DateTimeOffset now) =>
        MessageSealer.Open(identity, recipientName, deliveredFrom, senderKey, envelope, now, replayGuard, _freshness);
}
