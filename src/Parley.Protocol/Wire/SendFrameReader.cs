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

    public static bool TryRead(in ReadOnlySequence<byte> body, out SendRequest send) => TryRead(body, out send, previousTo: null);

    /// <param name="previousTo">
    /// The connection's previous recipient: when <c>to</c> is the same name in ASCII, this very string is returned
    /// instead of a new one (a sender usually sends to one name over and over).
    /// </param>
    public static bool TryRead(in ReadOnlySequence<byte> body, out SendRequest send, string? previousTo)
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
                case ToTag when WireVarint.TryReadLength(ref reader, out var toLength) && TryDecodeUtf8(ref reader, toLength, previousTo, out to):
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

    private static bool TryDecodeUtf8(ref SequenceReader<byte> reader, int length, string? previous, out string text)
    {
        if (previous is not null && previous.Length == length && reader.UnreadSpan.Length >= length && IsAscii(reader.UnreadSpan[..length], previous))
        {
            text = previous;
            reader.Advance(length);
            return true;
        }

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

    /// <summary>Whether <paramref name="bytes"/> are <paramref name="text"/> written in ASCII (so also its exact UTF-8).</summary>
    private static bool IsAscii(ReadOnlySpan<byte> bytes, string text)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] >= 0x80 || bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }
}
