using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class LargeFrameTests
{
    // The socket transport pauses at 64 KiB unread (SocketReadBuffer), far below these frames: in plain TCP and over TLS a whole largest frame must still pass.
    [Theory]
    [InlineData(ProtocolConstants.DefaultMaxFrameBytes, true)]
    [InlineData(4 * 1024 * 1024, true)]
    [InlineData(24 * 1024 * 1024, true)]
    [InlineData(ProtocolConstants.DefaultMaxFrameBytes, false)]
    [InlineData(4 * 1024 * 1024, false)]
    public async Task A_send_frame_of_exactly_the_size_limit_is_relayed_whole(int maxFrameBytes, bool tls)
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxFrameBytes = maxFrameBytes, OutboundQueueBytes = 4 * maxFrameBytes, Insecure = !tls });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First, tls: tls);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second, tls: tls);
        var frame = FrameOfBodySize(maxFrameBytes, "bob");

        await alice.SendAsync(frame);

        var result = await alice.ExpectAsync(ServerFrame.BodyOneofCase.SendAcks);
        Assert.Equal(frame.Send.RequestId, result.SendAcks.UpTo);
        var delivery = await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
        Assert.Equal(frame.Send.Sealed, delivery.Delivery.Sealed);
    }

    private static ClientFrame FrameOfBodySize(int bodySize, string to)
    {
        var payload = bodySize - 16;
        while (true)
        {
            var frame = new ClientFrame
            {
                Send = new SendMessage { RequestId = 1, To = to, Sealed = ByteString.CopyFrom(new byte[payload]) },
            };
            var size = frame.CalculateSize();
            if (size == bodySize)
            {
                frame.Send.Sealed = ByteString.CopyFrom(Enumerable.Range(0, payload).Select(i => (byte)i).ToArray());
                return frame;
            }

            payload += bodySize - size;
        }
    }
}
