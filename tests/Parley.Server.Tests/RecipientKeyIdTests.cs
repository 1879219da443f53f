using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Parley.Crypto;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;

namespace Parley.Server.Tests;

/// <summary>
/// Protocol v2: a send may name the key it was sealed to (SendMessage.recipient_key_id); the server
/// delivers it only when the recipient's name still has that key, whether the frame takes the in-place
/// reader's path or the generated parser's.
/// </summary>
public sealed class RecipientKeyIdTests
{
    private static readonly ByteString Sealed = ByteString.CopyFromUtf8("opaque sealed bytes");

    [Fact]
    public async Task A_send_naming_the_recipients_key_is_delivered()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        var result = await SendAsync(alice, "BOB", KeyIdOf(TestIdentities.Second));

        Assert.True(result.Acknowledged, $"a delivered send is acknowledged in a SendAcks, got {result}");
        Assert.Equal(Sealed, (await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery)).Delivery.Sealed);
        await bob.ExpectNothingPendingAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_send_naming_another_key_is_refused_as_key_changed_and_delivers_nothing(bool recipientOnline)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        if (!recipientOnline)
        {
            await bob.SayGoodbyeAsync();
            await bob.ExpectClosedAsync();
        }

        var result = await SendAsync(alice, "bob", KeyIdOf(TestIdentities.Third));

        Assert.Equal((ErrorCode.KeyChanged, 0u), (result.Code, result.DeliveredConnections));
        Assert.Contains(KeyFingerprint.Format(TestIdentities.Second.PublicKey.Spki), result.Message, StringComparison.Ordinal);
        if (recipientOnline)
        {
            await bob.ExpectNothingPendingAsync();
        }

        await bob.DisposeAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(33)]
    public async Task A_key_id_that_is_not_32_bytes_is_an_invalid_request(int length)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        var result = await SendAsync(alice, "bob", ByteString.CopyFrom(new byte[length]));

        Assert.Equal(ErrorCode.InvalidRequest, result.Code);
        Assert.Contains("recipient_key_id", result.Message, StringComparison.Ordinal);
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task The_key_id_is_checked_on_the_generated_parsers_path_too()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        // Fields out of order: the in-place reader declines the frame and the generated parser reads it.
        var send = new MemoryStream();
        using (var fields = new CodedOutputStream(send, leaveOpen: true))
        {
            fields.WriteTag(4, WireFormat.WireType.LengthDelimited);
            fields.WriteBytes(KeyIdOf(TestIdentities.Third));
            fields.WriteTag(1, WireFormat.WireType.Varint);
            fields.WriteUInt64(7);
            fields.WriteTag(2, WireFormat.WireType.LengthDelimited);
            fields.WriteString("bob");
            fields.WriteTag(3, WireFormat.WireType.LengthDelimited);
            fields.WriteBytes(Sealed);
        }

        Assert.Equal(KeyIdOf(TestIdentities.Third), ClientFrame.Parser.ParseFrom(FrameBody(send.ToArray())).Send.RecipientKeyId);
        Assert.False(SendFrameReader.TryRead(new ReadOnlySequence<byte>(FrameBody(send.ToArray())), out _));

        await alice.SendBytesAsync(LengthPrefixed(FrameBody(send.ToArray())));

        var result = (await alice.ExpectAsync(ServerFrame.BodyOneofCase.SendResult)).SendResult;
        Assert.Equal((7ul, ErrorCode.KeyChanged), (result.RequestId, result.Code));
        await bob.ExpectNothingPendingAsync();
    }

    private static byte[] FrameBody(byte[] sendFields) => [3 << 3 | 2, checked((byte)sendFields.Length), .. sendFields];

    private static byte[] LengthPrefixed(byte[] body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    private static ByteString KeyIdOf(Identity identity) => ByteString.CopyFrom(KeyFingerprint.KeyId(identity.PublicKey.Spki));

    private static async Task<SendAnswer> SendAsync(RawClient client, string to, ByteString keyId)
    {
        await client.SendAsync(new ClientFrame { Send = new SendMessage { RequestId = 1, To = to, Sealed = Sealed, RecipientKeyId = keyId } });
        return await client.ReceiveSendAnswerAsync(1);
    }
}
