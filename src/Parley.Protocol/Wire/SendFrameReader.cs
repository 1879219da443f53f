using System.Buffers;
using System.Text;

namespace Parley.Protocol.Wire;

/// <summary>
/// Reads a <c>ClientFrame{send: SendMessage{request_id, to, sealed, recipient_key_id}}</c> body in place, without message
/// objects and without copying the sealed bytes out of the input pipe. It accepts only the plain layout
/// every encoder writes (the send field alone; request_id, to, sealed, recipient_key_id in field order, each at most once)
/// and answers false for anything else, which then goes through the generated parser; so whatever it
/// accepts it reads exactly as the generated parser would (tests compare the two).
/// </summary>
public static class SendFrameReader
{
    private const byte SendTag = (3 << 3) | 2;
    private const byte RequestIdTag = 1 << 3;
    private const byte ToTag = (2 << 3) | 2;
    private const byte SealedTag = (3 << 3) | 2;
    private const byte RecipientKeyIdTag = (4 << 3) | 2;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryRead(in ReadOnlySequence<byte> body, out SendRequest send)
    {
        send = default;
        var reader = new SequenceReader<byte>(body);
        if (!reader.TryRead(out var tag) || tag != SendTag
            || !WireVarint.TryReadLength(ref reader, out var sendLength) || sendLength != reader.Remaining)
        {
            return false;
        }

        ulong requestId = 0;
        var to = string.Empty;
        var sealedBytes = ReadOnlySequence<byte>.Empty;
        var recipientKeyId = ReadOnlySequence<byte>.Empty;
        var lastField = 0;
        while (reader.TryRead(out tag))
        {
            var field = tag >> 3;
            if (field <= lastField)
            {
                return false;
            }

            lastField = field;
            switch (tag)
            {
                case RequestIdTag when WireVarint.TryRead(ref reader, out requestId):
                    break;
                case ToTag when WireVarint.TryReadLength(ref reader, out var toLength) && TryDecodeUtf8(ref reader, toLength, out to):
                    break;
                case SealedTag when WireVarint.TryReadLength(ref reader, out var sealedLength):
                    sealedBytes = body.Slice(reader.Position, sealedLength);
                    reader.Advance(sealedLength);
                    break;
                case RecipientKeyIdTag when WireVarint.TryReadLength(ref reader, out var keyIdLength):
                    recipientKeyId = body.Slice(reader.Position, keyIdLength);
                    reader.Advance(keyIdLength);
                    break;
                default:
                    return false;
            }
        }

        send = new SendRequest(requestId, to, sealedBytes, recipientKeyId);
        return true;
    }

    private static bool TryDecodeUtf8(ref SequenceReader<byte> reader, int length, out string text)
    {
        text = string.Empty;
        var bytes = reader.UnreadSequence.Slice(0, length);
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        reader.Advance(length);
        return true;
    }
}
