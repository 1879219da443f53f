using System.Buffers;
using Google.Protobuf;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;

namespace Parley.Protocol.Tests;

/// <summary>The in-place send reader reads what the generated parser reads, or declines.</summary>
public sealed class SendFrameReaderTests
{
    public static TheoryData<ulong, string, int, int> SendCases => new()
    {
        { 1, "bob", 1197, 0 },
        { 0, "bob", 10, 0 },
        { 127, "Zoë-名前", 128, 0 },
        { ulong.MaxValue, "carol", 16_384, 0 },
        { 300, string.Empty, 5, 0 },
        { 5, "dave", 0, 0 },
        { 0, string.Empty, 0, 0 },
        { 9, "bob", 1197, 32 },
        { 9, "bob", 0, 32 },
        { 9, "erin", 40, 3 },
    };

    [Theory]
    [InlineData("bob", "bob", true)]
    [InlineData("bob", "bo", false)]
    [InlineData("bob", "Bob", false)]
    [InlineData("Zoë", "Zoë", false)]
    [InlineData("bob", null, false)]
    public void The_previous_recipient_string_is_reused_only_for_the_same_ascii_name(string to, string? previous, bool reused)
    {
        var body = new ClientFrame { Send = new SendMessage { RequestId = 1, To = to, Sealed = ByteString.CopyFrom(1, 2, 3) } }.ToByteArray();
        var previousInstance = previous is null ? null : new string(previous.AsSpan());

        foreach (var segmentBytes in new[] { body.Length, 1 })
        {
            Assert.True(SendFrameReader.TryRead(SegmentedSequence.Of(body, segmentBytes), out var send, previousInstance));

            Assert.Equal(to, send.To);
            Assert.Equal(reused && segmentBytes == body.Length, ReferenceEquals(previousInstance, send.To));
        }
    }

    [Theory]
    [MemberData(nameof(SendCases))]
    public void A_send_from_the_generated_serializer_reads_as_the_generated_parser_reads_it(ulong requestId, string to, int sealedLength, int keyIdLength)
    {
        var random = new Random(sealedLength);
        var sealedBytes = new byte[sealedLength];
        random.NextBytes(sealedBytes);
        var keyId = new byte[keyIdLength];
        random.NextBytes(keyId);
        var body = new ClientFrame
        {
            Send = new SendMessage { RequestId = requestId, To = to, Sealed = ByteString.CopyFrom(sealedBytes), RecipientKeyId = ByteString.CopyFrom(keyId) },
        }.ToByteArray();

        foreach (var segmentBytes in new[] { body.Length, 7, 1 })
        {
            var sequence = SegmentedSequence.Of(body, segmentBytes);
            var expected = ClientFrame.Parser.ParseFrom(sequence).Send;

            Assert.True(SendFrameReader.TryRead(sequence, out var send));

            Assert.Equal(expected.RequestId, send.RequestId);
            Assert.Equal(expected.To, send.To);
            Assert.Equal(expected.Sealed.ToByteArray(), send.Sealed.ToArray());
            Assert.Equal(expected.RecipientKeyId.ToByteArray(), send.RecipientKeyId.ToArray());
        }
    }

    [Theory]
    [InlineData("1a 06 12 01 62 08 01", "to before request_id")]
    [InlineData("1a 06 08 01 08 02 12 00", "request_id twice")]
    [InlineData("1a 05 08 01 28 01 00", "unknown field")]
    [InlineData("1a 04 08 01 20 01", "recipient_key_id with the wrong wire type")]
    [InlineData("1a 06 22 00 1a 00 08 01", "recipient_key_id before sealed")]
    [InlineData("1a 03 08 01 00", "a zero tag")]
    [InlineData("1a 05 08 01", "send longer than the frame")]
    [InlineData("1a 02 08 01 2a 00", "a second body field after send")]
    [InlineData("1a 04 12 02 c3 28", "invalid UTF-8 in to")]
    [InlineData("1a 03 1a 05 01", "sealed longer than the frame")]
    [InlineData("1a 0b 08 ff ff ff ff ff ff ff ff ff 7f", "request_id varint beyond 64 bits")]
    [InlineData("2a 00", "ping")]
    [InlineData("1a 02 10 01", "to with the wrong wire type")]
    public void A_frame_outside_the_plain_send_layout_is_left_to_the_generated_parser(string hex, string what)
    {
        var body = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

        Assert.False(SendFrameReader.TryRead(new ReadOnlySequence<byte>(body), out _), what);
    }
}
