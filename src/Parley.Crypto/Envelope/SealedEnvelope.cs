using Google.Protobuf;

namespace Parley.Crypto.Envelope;

/// <summary>
/// A sealed envelope read from its bytes once, before anything about it is checked: what it claims
/// (sender, the key id it names) is the sender's word until it is opened. Reading again is never
/// needed, whether the envelope is then opened or a refusal has to look at its claims.
/// </summary>
public sealed class SealedEnvelope
{
    private SealedEnvelope(SealedMessage message)
    {
        Message = message;
    }

    /// <summary>The format (1: RSA-hybrid). A session format will sit beside it under another number.</summary>
    public uint Version => Message.Version;

    /// <summary>The sender the envelope claims; unchecked, of any length.</summary>
    public string ClaimedSender => Message.Sender;

    /// <summary>The signing key id the envelope claims; unchecked, of any length.</summary>
    public ReadOnlySpan<byte> ClaimedSenderKeyId => Message.SenderKeyId.Span;

    internal SealedMessage Message { get; }

    /// <exception cref="SealRejectedException">Malformed: not a sealed envelope.</exception>
    public static SealedEnvelope Read(ReadOnlySpan<byte> sealedBytes)
    {
        try
        {
            return new SealedEnvelope(SealedMessage.Parser.ParseFrom(sealedBytes));
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new SealRejectedException(SealRejection.Malformed, "not a sealed message: " + ex.Message);
        }
    }
}
