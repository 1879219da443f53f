using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>The ratchet header: a compressed key and two shortest-form varints, nothing else accepted.</summary>
public sealed class RatchetHeaderTests
{
    private static readonly byte[] Key = [0x02, .. Enumerable.Repeat((byte)0x11, 32)];

    [Theory]
    [InlineData(0u, 0u, 35)]
    [InlineData(127u, 128u, 36)]
    [InlineData(16_384u, 2_097_151u, 39)]
    [InlineData(uint.MaxValue, uint.MaxValue - 1, 43)]
    public void A_header_encodes_to_its_documented_length_and_decodes_to_the_same_values(uint previous, uint number, int length)
    {
        var encoded = new RatchetHeader(Key, previous, number).Encode();

        var decoded = RatchetHeader.Decode([.. encoded, 0xAA, 0xBB], out var read);

        Assert.Equal(length, encoded.Length);
        Assert.Equal(length, read);
        Assert.Equal(Key, decoded.RatchetKey);
        Assert.Equal((previous, number), (decoded.PreviousChainLength, decoded.MessageNumber));
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00, 0x00 })]                   // 0 in two bytes
    [InlineData(new byte[] { 0x00, 0x81, 0x80, 0x00 })]             // 1 in three bytes
    [InlineData(new byte[] { 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F })] // above 2^32 - 1
    [InlineData(new byte[] { 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })] // six bytes
    [InlineData(new byte[] { 0x00, 0x80 })]                         // ends inside a number
    public void Overlong_oversized_or_cut_numbers_are_malformed(byte[] numbers)
    {
        byte[] bytes = [.. Key, .. numbers];

        Assert.Equal(SessionRejection.Malformed, Assert.Throws<SessionRejectedException>(() => RatchetHeader.Decode(bytes, out _)).Reason);
    }
}
