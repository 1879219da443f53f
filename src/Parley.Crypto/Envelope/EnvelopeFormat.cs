using Google.Protobuf;

namespace Parley.Crypto.Envelope;

/// <summary>
/// Tells the envelope formats apart without opening anything: field 1 is the version in both
/// <see cref="SealedMessage"/> (1, RSA-hybrid) and <see cref="SessionMessage"/> (2, session).
/// </summary>
public static class EnvelopeFormat
{
    public const uint RsaHybrid = 1;
    public const uint Session = 2;

    /// <summary>The version field of an envelope; 0 when it has none or is not protobuf at all.</summary>
    public static uint Read(ReadOnlySpan<byte> envelope)
    {
        try
        {
            var input = new CodedInputStream(envelope.ToArray());
            uint version = 0;
            for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
            {
                if (tag == WireFormat.MakeTag(1, WireFormat.WireType.Varint))
                {
                    version = input.ReadUInt32();
                }
                else
                {
                    input.SkipLastField();
                }
            }

            return version;
        }
        catch (InvalidProtocolBufferException)
        {
            return 0;
        }
    }
}
