using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>The size buckets messages are padded to, and the padding's reversal.</summary>
public sealed class MessagePaddingTests
{
    [Theory]
    [InlineData(0, 64)]
    [InlineData(64, 64)]
    [InlineData(65, 80)]
    [InlineData(256, 256)]
    [InlineData(257, 272)]
    [InlineData(308, 320)]
    [InlineData(513, 544)]
    [InlineData(1025, 1088)]
    [InlineData(70_000, 73_728)]
    public void A_length_goes_to_the_documented_bucket(int length, int bucket) =>
        Assert.Equal(bucket, MessagePadding.Bucket(length));

    [Fact]
    public void Every_bucket_holds_its_length_with_at_most_a_sixteenth_or_sixteen_bytes_more()
    {
        for (var length = 65; length < 200_000; length += 7)
        {
            var bucket = MessagePadding.Bucket(length);
            Assert.InRange(bucket - length, 0, Math.Max(15, length / 16));
            Assert.Equal(bucket, MessagePadding.Bucket(bucket));
        }
    }

    [Fact]
    public void Padding_then_unpadding_gives_back_content_ending_in_zeros_or_0x80()
    {
        byte[] content = [1, 0x80, 0, 0];

        var padded = MessagePadding.Pad(content, 13);

        Assert.Equal(13, padded.Length);
        Assert.Equal(content, MessagePadding.Unpad(padded));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 })]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 0x80, 0x01 })]
    public void Bytes_without_a_final_0x80_marker_are_refused(byte[] padded) =>
        Assert.Equal(SessionRejection.Malformed, Assert.Throws<SessionRejectedException>(() => MessagePadding.Unpad(padded)).Reason);
}
