using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

/// <summary>A reader that stops reading: its queue is bounded, it is cut after the write deadline, and nobody else waits for it.</summary>
public sealed class SlowConsumerTests
{
    private const int PayloadBytes = 32 * 1024;
    private const int MessagesPerPair = 150;

    [Fact]
    public async Task A_reader_that_stops_reading_is_cut_as_a_slow_consumer_its_queue_let_go_and_the_others_get_every_message()
    {
        using var meter = new ServerMeter();
        await using var server = await TestServer.StartAsync(
            o => o with { MaxFrameBytes = 64 * 1024, OutboundQueueBytes = 1024 * 1024, WriteDeadline = TimeSpan.FromSeconds(1) },
            meter.Register);
        await using var flooder = await RawClient.LoginAsync(server.Endpoint, "flooder", TestIdentities.Get(0));
        await using var stalled = await RawClient.ConnectAsync(server.Endpoint, receiveBufferBytes: 4096);
        await stalled.LoginAsync("stalled", TestIdentities.Get(1));
        var pairs = new List<(RawClient Sender, RawClient Receiver)>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                pairs.Add((
                    await RawClient.LoginAsync(server.Endpoint, $"sender-{i}", TestIdentities.Get(2 + (2 * i))),
                    await RawClient.LoginAsync(server.Endpoint, $"receiver-{i}", TestIdentities.Get(3 + (2 * i)))));
            }

            // The others relay all along: while the stalled reader's queue fills, while it sits full, and after it is cut.
            var relaying = pairs.Select((pair, i) => RelayAsync(pair.Sender, pair.Receiver, $"receiver-{i}")).ToList();

            var accepted = await FillUntilBusyAsync(flooder, "stalled");
            Assert.True(meter.QueuedBytes >= 512 * 1024, $"the stalled reader's queue should be counted, got {meter.QueuedBytes} bytes");

            // Cut after the deadline: it leaves the roster, and then reads what was sent before it was cut.
            await Deadline.UntilAsync(
                () => flooder.SendAndWaitAsync("stalled", new byte[] { 1 }).GetAwaiter().GetResult().Queued,
                () => "the stalled reader to be disconnected");
            var delivered = 0;
            var end = await stalled.ReceiveUntilAsync(frame =>
            {
                delivered += frame.BodyCase == ServerFrame.BodyOneofCase.Delivery ? 1 : 0;
                return frame.BodyCase == ServerFrame.BodyOneofCase.Error;
            });
            Assert.Equal(ErrorCode.SlowConsumer, end.Error.Code);
            Assert.True(end.Error.Fatal);
            await stalled.ExpectClosedAsync();
            Assert.True(delivered < accepted, $"what was queued for it and never taken is dropped ({delivered} of {accepted} delivered)");

            await Task.WhenAll(relaying);
            await Deadline.UntilAsync(() => meter.QueuedBytes == 0, () => $"every queue to be empty, {meter.QueuedBytes} bytes still counted");
            Assert.Equal(1, meter.Total("refusals code=SLOW_CONSUMER"));
        }
        finally
        {
            foreach (var (sender, receiver) in pairs)
            {
                await sender.DisposeAsync();
                await receiver.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Deliveries_past_the_servers_total_of_queued_bytes_are_refused_as_recipient_busy_though_the_recipients_own_queue_has_room()
    {
        using var meter = new ServerMeter();
        await using var server = await TestServer.StartAsync(
            o => o with
            {
                MaxFrameBytes = 64 * 1024,
                OutboundQueueBytes = 1024 * 1024,
                OutboundQueueTotalBytes = 1536 * 1024,
                WriteDeadline = TimeSpan.FromMinutes(10),
            },
            meter.Register);
        await using var sender = await RawClient.LoginAsync(server.Endpoint, "sender", TestIdentities.Get(0));
        await using var first = await RawClient.ConnectAsync(server.Endpoint, receiveBufferBytes: 4096);
        await first.LoginAsync("first", TestIdentities.Get(1));
        await using var second = await RawClient.ConnectAsync(server.Endpoint, receiveBufferBytes: 4096);
        await second.LoginAsync("second", TestIdentities.Get(2));

        var acceptedForFirst = await FillUntilBusyAsync(sender, "first");
        var acceptedForSecond = 0;
        SendAnswer refused;
        while ((refused = await sender.SendAndWaitAsync("second", new byte[PayloadBytes])).Code == ErrorCode.Ok)
        {
            acceptedForSecond++;
        }

        Assert.Equal(ErrorCode.RecipientBusy, refused.Code);
        Assert.Contains("the server holds too much unread data", refused.Message, StringComparison.Ordinal);
        // Each also took what the kernel's socket buffers hold (megabytes here); the queues alone are what the total counts.
        Assert.True(
            acceptedForSecond < acceptedForFirst,
            $"'second' took {acceptedForSecond} messages, 'first' (whose own queue filled) {acceptedForFirst}");
        Assert.InRange(meter.QueuedBytes, 1024 * 1024, 1536 * 1024);
        Assert.True(meter.Total("queue.drops kind=delivery") >= 2);

        // Both get everything they were sent once they read, and then the total has room again.
        for (var i = 0; i < acceptedForFirst; i++)
        {
            await first.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
        }

        Assert.Equal(ErrorCode.Ok, (await sender.SendAndWaitAsync("second", new byte[PayloadBytes])).Code);
        for (var i = 0; i <= acceptedForSecond; i++)
        {
            await second.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
        }

        await second.ExpectNothingPendingAsync();
    }

    /// <summary>Sends until the server answers RECIPIENT_BUSY; returns how many were accepted before.</summary>
    private static async Task<int> FillUntilBusyAsync(RawClient sender, string to)
    {
        var payload = new byte[PayloadBytes];
        for (var accepted = 0; accepted < 5000; accepted++)
        {
            var result = await sender.SendAndWaitAsync(to, payload);
            if (result.Code != ErrorCode.Ok)
            {
                Assert.Equal(ErrorCode.RecipientBusy, result.Code);
                return accepted;
            }
        }

        throw new Xunit.Sdk.XunitException($"the queue of '{to}' never filled up");
    }

    /// <summary>Sends numbered messages one by one; the receiver must get each, in order.</summary>
    private static async Task RelayAsync(RawClient sender, RawClient receiver, string to)
    {
        await Task.Yield();
        var receiving = Task.Run(async () =>
        {
            for (var i = 0; i < MessagesPerPair; i++)
            {
                var delivery = await receiver.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
                Assert.Equal(i, BitConverter.ToInt32(delivery.Delivery.Sealed.Span));
            }
        });
        var payload = new byte[4096];
        for (var i = 0; i < MessagesPerPair; i++)
        {
            BitConverter.TryWriteBytes(payload, i);
            Assert.Equal(ErrorCode.Ok, (await sender.SendAndWaitAsync(to, payload)).Code);
        }

        await receiving;
    }
}
