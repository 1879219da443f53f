using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

/// <summary>
/// The server reads a connection in blocks of up to 32 KiB (TransportMemoryPool), not Kestrel's 4 KiB: a pipelining
/// sender's batch is one read turn or a few, so it costs one SendAcks (and one receive call, one wake) or a few.
/// </summary>
public sealed class SocketReadSizeTests
{
    // About what a 256-byte text takes as a session message (docs/sessions.md §13): 64 of them are ~22 KiB.
    private const int SealedBytes = 325;
    private const int Sends = 64;

    [Fact]
    public async Task A_batch_of_session_sized_sends_in_one_write_is_answered_by_at_most_three_send_acks()
    {
        await using var server = await TestServer.StartAsync(o => o with { Insecure = true });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First, tls: false);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second, tls: false);

        var burst = Burst(Sends);
        Assert.True(burst.Length > 5 * 4096, $"{burst.Length} bytes: more than five 4 KiB reads");
        await alice.SendBytesAsync(burst);

        var answers = 0;
        ulong upTo = 0;
        while (upTo < Sends)
        {
            upTo = (await alice.ExpectAsync(ServerFrame.BodyOneofCase.SendAcks)).SendAcks.UpTo;
            answers++;
        }

        // Read 4 KiB at a time, the ~22 KiB take at least six reads, each ending a turn with its own SendAcks.
        Assert.True(answers <= 3, $"{answers} SendAcks for {Sends} sends of {burst.Length} bytes written at once");
        for (var i = 1; i <= Sends; i++)
        {
            Assert.Equal(i, BitConverter.ToInt32((await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery)).Delivery.Sealed.Span));
        }

        await alice.ExpectNothingPendingAsync();
    }

    /// <summary>The sends as one write; each sealed payload starts with its request id.</summary>
    private static byte[] Burst(int sends) =>
        [.. Enumerable.Range(1, sends).SelectMany(i =>
        {
            var sealedBytes = new byte[SealedBytes];
            BitConverter.TryWriteBytes(sealedBytes, i);
            return FrameCodec.ToFrameBytes(new ClientFrame
            {
                Send = new SendMessage { RequestId = (ulong)i, To = "bob", Sealed = ByteString.CopyFrom(sealedBytes) },
            });
        })];
}
