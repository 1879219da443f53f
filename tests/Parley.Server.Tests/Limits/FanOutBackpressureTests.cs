using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests.Limits;

/// <summary>
/// A sender that fans a burst out to a name on several connections is held back by its delivery budget: the server
/// reads its next frames only as the budget refills, others are answered meanwhile, and every copy still arrives.
/// </summary>
public sealed class FanOutBackpressureTests
{
    private const int CrowdConnections = 4;
    private const int Sends = 64;
    private const int PayloadBytes = 4096;

    // Each send queues 4 copies of ~4.1 KiB: the burst covers about 4 sends, the rest take ~4 s at this rate.
    private const int BytesPerSecond = 256 * 1024;
    private const int BurstBytes = 64 * 1024;

    [Fact]
    public async Task A_burst_of_sends_to_a_name_on_many_connections_is_paced_others_are_answered_meanwhile_and_every_copy_arrives()
    {
        using var meter = new ServerMeter();
        await using var server = await TestServer.StartAsync(
            o => o with { DeliveryBytesPerSecond = BytesPerSecond, DeliveryBurstBytes = BurstBytes },
            meter.Register);
        var crowd = new List<RawClient>();
        try
        {
            for (var i = 0; i < CrowdConnections; i++)
            {
                crowd.Add(await RawClient.LoginAsync(server.Endpoint, "crowd", TestIdentities.Get(0)));
            }

            await using var sender = await RawClient.LoginAsync(server.Endpoint, "fan", TestIdentities.Get(1));
            await using var other = await RawClient.LoginAsync(server.Endpoint, "other", TestIdentities.Get(2));

            // The whole burst in one write, and a ping after it: the sender's pong comes once the server has read every send.
            var burst = Enumerable.Range(1, Sends)
                .SelectMany(i => FrameCodec.ToFrameBytes(new ClientFrame
                {
                    Send = new SendMessage { RequestId = (ulong)i, To = "crowd", Sealed = ByteString.CopyFrom(Payload(i)) },
                }))
                .Concat(FrameCodec.ToFrameBytes(new ClientFrame { Ping = new Ping { Nonce = 7 } }))
                .ToArray();
            var senderPonged = 0;
            var results = Task.Run(async () =>
            {
                // Every send delivered: SendAcks only (a SendResult would be a refusal), the last one covering the whole burst.
                ulong acknowledged = 0;
                while (acknowledged < Sends)
                {
                    var acks = await sender.ExpectAsync(ServerFrame.BodyOneofCase.SendAcks);
                    Assert.True(acks.SendAcks.UpTo > acknowledged, $"up_to {acks.SendAcks.UpTo} after {acknowledged}");
                    acknowledged = acks.SendAcks.UpTo;
                }

                Assert.Equal((ulong)Sends, acknowledged);
                Assert.Equal(7ul, (await sender.ExpectAsync(ServerFrame.BodyOneofCase.Pong)).Pong.Nonce);
                Volatile.Write(ref senderPonged, 1);
            });
            var firstCrowdMemberGot = 0;
            var firstCrowdMember = Task.Run(async () =>
            {
                var got = new List<ServerFrame>();
                for (var i = 0; i < Sends; i++)
                {
                    got.Add(await crowd[0].ExpectAsync(ServerFrame.BodyOneofCase.Delivery));
                    Interlocked.Increment(ref firstCrowdMemberGot);
                }

                return got;
            });
            await sender.SendBytesAsync(burst);

            // Twice what the burst allows has been delivered: from here on the sender is paced, and the others are not.
            await Deadline.UntilAsync(() => Volatile.Read(ref firstCrowdMemberGot) >= 8, () => "the first deliveries of the burst");
            await other.ExpectNothingPendingAsync();
            Assert.True(
                Volatile.Read(ref senderPonged) == 0,
                "the other user's ping should be answered while the sender's burst is still being read, not after it");

            // Each copy reaching each crowd connection, below, is what shows every send went to all of them.
            await results;
            AssertEveryCopy(await firstCrowdMember);
            foreach (var member in crowd.Skip(1))
            {
                var got = new List<ServerFrame>();
                for (var i = 0; i < Sends; i++)
                {
                    got.Add(await member.ExpectAsync(ServerFrame.BodyOneofCase.Delivery));
                }

                AssertEveryCopy(got);
                await member.ExpectNothingPendingAsync();
            }

            Assert.True(meter.Total("sends.held_back") >= Sends / 2, $"held back after {meter.Total("sends.held_back")} sends");
        }
        finally
        {
            foreach (var member in crowd)
            {
                await member.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_send_to_one_connection_within_the_burst_is_not_held_back()
    {
        using var meter = new ServerMeter();
        await using var server = await TestServer.StartAsync(
            o => o with { DeliveryBytesPerSecond = BytesPerSecond, DeliveryBurstBytes = BurstBytes },
            meter.Register);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(ErrorCode.Ok, (await alice.SendAndWaitAsync("bob", Payload(i))).Code);
        }

        await alice.ExpectNothingPendingAsync();
        Assert.Equal(0, meter.Total("sends.held_back"));
    }

    [Fact]
    public async Task A_recipient_that_does_not_read_costs_its_sender_nothing_once_its_queue_is_full()
    {
        using var meter = new ServerMeter();
        await using var server = await TestServer.StartAsync(
            o => o with
            {
                MaxFrameBytes = 64 * 1024,
                OutboundQueueBytes = 128 * 1024,
                DeliveryBytesPerSecond = BytesPerSecond,
                DeliveryBurstBytes = 16 * 1024 * 1024,
                WriteDeadline = TimeSpan.FromMinutes(10),
            },
            meter.Register);
        await using var sender = await RawClient.LoginAsync(server.Endpoint, "sender", TestIdentities.First);
        await using var stalled = await RawClient.ConnectAsync(server.Endpoint, receiveBufferBytes: 4096);
        await stalled.LoginAsync("stalled", TestIdentities.Second);

        // Refused copies are not charged: the stalled reader's queue and socket take a few MiB, then 600 refused sends
        // of 32 KiB (19 MiB, past the burst had they been charged) leave the sender as free as before.
        var busy = 0;
        for (var i = 0; busy < 600 && i < 5000; i++)
        {
            busy += (await sender.SendAndWaitAsync("stalled", new byte[32 * 1024])).Code == ErrorCode.RecipientBusy ? 1 : 0;
        }

        Assert.Equal(600, busy);
        Assert.Equal(0, meter.Total("sends.held_back"));
    }

    [Fact]
    public async Task A_sender_held_back_longer_than_the_frame_and_idle_deadlines_is_not_cut_by_them()
    {
        using var meter = new ServerMeter();
        await using var server = await TestServer.StartAsync(
            o => o with
            {
                FrameTimeout = TimeSpan.FromSeconds(1),
                HeartbeatInterval = TimeSpan.FromSeconds(1),
                IdleTimeout = TimeSpan.FromSeconds(2),
                DeliveryBytesPerSecond = 32 * 1024,
                DeliveryBurstBytes = 16 * 1024,
            },
            meter.Register);
        await using var crowdFirst = await RawClient.LoginAsync(server.Endpoint, "crowd", TestIdentities.Get(0));
        await using var crowdSecond = await RawClient.LoginAsync(server.Endpoint, "crowd", TestIdentities.Get(0));
        await using var sender = await RawClient.LoginAsync(server.Endpoint, "fan", TestIdentities.Get(1));

        // Two copies of 60 KiB: about 3.3 s owed, longer than either deadline; the ping behind it is read after that.
        var send = FrameCodec.ToFrameBytes(new ClientFrame
        {
            Send = new SendMessage { RequestId = 1, To = "crowd", Sealed = ByteString.CopyFrom(new byte[60 * 1024]) },
        });
        await sender.SendBytesAsync(send.Concat(FrameCodec.ToFrameBytes(new ClientFrame { Ping = new Ping { Nonce = 9 } })).ToArray());

        var result = await sender.ExpectAsync(ServerFrame.BodyOneofCase.SendAcks);
        Assert.Equal(1ul, result.SendAcks.UpTo);
        Assert.Equal(9ul, (await sender.ExpectAsync(ServerFrame.BodyOneofCase.Pong)).Pong.Nonce);
        await crowdFirst.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
        await crowdSecond.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
        Assert.Equal(1, meter.Total("sends.held_back"));
    }

    private static byte[] Payload(int i)
    {
        var payload = new byte[PayloadBytes];
        BitConverter.TryWriteBytes(payload, i);
        return payload;
    }

    private static void AssertEveryCopy(List<ServerFrame> deliveries) =>
        Assert.Equal(
            Enumerable.Range(1, Sends),
            deliveries.Select(frame => BitConverter.ToInt32(frame.Delivery.Sealed.Span)));
}
