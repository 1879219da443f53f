using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests.OfflineQueue;

/// <summary>
/// docs/protocol.md §12.2: a send to a registered name with no connection online is stored, handed in order to the next
/// login that asks for the queue (receive_queued), and deleted once acknowledged.
/// </summary>
public sealed class OfflineDeliveryTests
{
    [Fact]
    public async Task A_send_to_an_offline_name_is_queued_and_the_next_receive_queued_login_gets_it_in_order()
    {
        await using var server = await TestServer.StartAsync();
        await RegisterAndLeaveAsync(server, "bob", TestIdentities.Second);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var results = new List<SendAnswer>();
        foreach (var payload in new byte[][] { [1], [2, 2], [3, 3, 3] })
        {
            results.Add(await alice.SendAndWaitAsync("bob", payload));
        }

        Assert.All(results, r => Assert.Equal((ErrorCode.Ok, true, (uint?)0u), (r.Code, r.Queued, r.DeliveredConnections)));
        await using var bob = await RawClient.ConnectAsync(server.Endpoint);
        var accepted = await bob.LoginAsync("bob", TestIdentities.Second, receiveQueued: true);
        Assert.Equal(3u, accepted.QueuedCount);
        var deliveries = await ReceiveDeliveriesAsync(bob, 3);
        Assert.Equal([[1], [2, 2], [3, 3, 3]], deliveries.Select(d => d.Sealed.ToByteArray()));
        Assert.All(deliveries, d => Assert.Equal("alice", d.From));
        Assert.Equal(deliveries.Select(d => d.QueueSeq).Order(), deliveries.Select(d => d.QueueSeq));
        Assert.Equal(3, deliveries.Select(d => d.QueueSeq).Distinct().Count());
        Assert.All(deliveries, d => Assert.InRange(d.QueuedForSeconds, 0u, (uint)started.Elapsed.TotalSeconds + 1));
        await bob.ExpectNothingPendingAsync();

        await bob.AckQueuedAsync(deliveries[^1].QueueSeq);
        await bob.SayGoodbyeAsync();
        await bob.ExpectClosedAsync();

        await using var again = await RawClient.ConnectAsync(server.Endpoint);
        Assert.Equal(0u, (await again.LoginAsync("bob", TestIdentities.Second, receiveQueued: true)).QueuedCount);
        await again.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task A_queued_delivery_carries_how_long_it_waited_in_whole_seconds_and_again_at_a_later_login()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        await RegisterAndLeaveAsync(server, "bob", TestIdentities.Second);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[] { 1 })).Queued);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[] { 2 })).Queued);

        clock.Advance(new TimeSpan(days: 0, hours: 2, minutes: 0, seconds: 30, milliseconds: 999));
        await using (var bob = await RawClient.ConnectAsync(server.Endpoint))
        {
            await bob.LoginAsync("bob", TestIdentities.Second, receiveQueued: true);
            Assert.Equal([2 * 3600 + 10 * 60 + 30, 2 * 3600 + 30u], (await ReceiveDeliveriesAsync(bob, 2)).Select(d => d.QueuedForSeconds));
            bob.Crash();
        }

        // Not acknowledged: the next login gets it again, with the wait up to then.
        clock.Advance(TimeSpan.FromDays(1));
        await using var again = await RawClient.ConnectAsync(server.Endpoint);
        await again.LoginAsync("bob", TestIdentities.Second, receiveQueued: true);
        Assert.Equal(86_400 + 2 * 3600 + 10 * 60 + 30u, (await ReceiveDeliveriesAsync(again, 2))[0].QueuedForSeconds);
    }

    [Fact]
    public async Task What_is_not_acknowledged_comes_again_at_the_next_login_and_an_ack_deletes_only_up_to_its_number()
    {
        await using var server = await TestServer.StartAsync();
        await RegisterAndLeaveAsync(server, "bob", TestIdentities.Second);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[] { 1 })).Queued);
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[] { 2 })).Queued);

        List<Delivery> first;
        await using (var bob = await RawClient.ConnectAsync(server.Endpoint))
        {
            await bob.LoginAsync("bob", TestIdentities.Second, receiveQueued: true);
            first = await ReceiveDeliveriesAsync(bob, 2);
            bob.Crash(); // no acknowledgement, not even a goodbye
        }

        await using (var bob = await RawClient.ConnectAsync(server.Endpoint))
        {
            Assert.Equal(2u, (await bob.LoginAsync("bob", TestIdentities.Second, receiveQueued: true)).QueuedCount);
            var second = await ReceiveDeliveriesAsync(bob, 2);
            Assert.Equal(first.Select(d => (d.QueueSeq, d.Sealed[0])), second.Select(d => (d.QueueSeq, d.Sealed[0])));
            await bob.AckQueuedAsync(second[0].QueueSeq);
            await bob.SayGoodbyeAsync();
            await bob.ExpectClosedAsync();
        }

        await using var third = await RawClient.ConnectAsync(server.Endpoint);
        Assert.Equal(1u, (await third.LoginAsync("bob", TestIdentities.Second, receiveQueued: true)).QueuedCount);
        Assert.Equal(2, (await ReceiveDeliveriesAsync(third, 1))[0].Sealed[0]);
    }

    [Fact]
    public async Task A_login_without_receive_queued_leaves_the_queue_for_a_later_one()
    {
        await using var server = await TestServer.StartAsync();
        await RegisterAndLeaveAsync(server, "bob", TestIdentities.Second);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[] { 7 })).Queued);

        await using (var script = await RawClient.ConnectAsync(server.Endpoint))
        {
            Assert.Equal(0u, (await script.LoginAsync("bob", TestIdentities.Second)).QueuedCount);
            await script.ExpectNothingPendingAsync();
            await script.SayGoodbyeAsync();
            await script.ExpectClosedAsync();
        }

        await using var bob = await RawClient.ConnectAsync(server.Endpoint);
        Assert.Equal(1u, (await bob.LoginAsync("bob", TestIdentities.Second, receiveQueued: true)).QueuedCount);
        Assert.Equal(7, (await ReceiveDeliveriesAsync(bob, 1))[0].Sealed[0]);
    }

    [Fact]
    public async Task Live_messages_come_after_the_queued_ones_and_carry_no_queue_number()
    {
        await using var server = await TestServer.StartAsync();
        await RegisterAndLeaveAsync(server, "bob", TestIdentities.Second);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First, presence: true);
        for (byte i = 1; i <= 50; i++)
        {
            Assert.True((await alice.SendAndWaitAsync("bob", new[] { i })).Queued);
        }

        await using var bob = await RawClient.ConnectAsync(server.Endpoint);
        await bob.HelloAsync();
        await bob.SendLoginAsync("bob", TestIdentities.Second, presence: false, receiveQueued: true);

        // Alice sends as soon as bob is online, while his backlog may still be on its way.
        await alice.ReceiveUntilAsync(f => f.BodyCase == ServerFrame.BodyOneofCase.PeerJoined);
        var live = await alice.SendAndWaitAsync("bob", new byte[] { 99 });
        Assert.Equal((ErrorCode.Ok, false, true), (live.Code, live.Queued, live.Acknowledged));

        Assert.Equal(50u, (await bob.ExpectAsync(ServerFrame.BodyOneofCase.LoginAccepted)).LoginAccepted.QueuedCount);
        var all = await ReceiveDeliveriesAsync(bob, 51);
        Assert.Equal(Enumerable.Range(1, 50).Append(99), all.Select(d => (int)d.Sealed[0]));
        Assert.All(all.Take(50), d => Assert.NotEqual(0ul, d.QueueSeq));
        Assert.Equal((0ul, 0u), (all[^1].QueueSeq, all[^1].QueuedForSeconds));
    }

    [Fact]
    public async Task Every_receive_queued_connection_of_a_name_gets_the_backlog_and_an_ack_on_one_deletes_it_for_all()
    {
        await using var server = await TestServer.StartAsync();
        await RegisterAndLeaveAsync(server, "bob", TestIdentities.Second);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[] { 5 })).Queued);

        await using var phone = await RawClient.ConnectAsync(server.Endpoint);
        Assert.Equal(1u, (await phone.LoginAsync("bob", TestIdentities.Second, receiveQueued: true)).QueuedCount);
        var seq = (await ReceiveDeliveriesAsync(phone, 1))[0].QueueSeq;
        await using var laptop = await RawClient.ConnectAsync(server.Endpoint);
        Assert.Equal(1u, (await laptop.LoginAsync("bob", TestIdentities.Second, receiveQueued: true)).QueuedCount);
        Assert.Equal(seq, (await ReceiveDeliveriesAsync(laptop, 1))[0].QueueSeq);

        await phone.AckQueuedAsync(seq);
        await phone.ExpectNothingPendingAsync();
        await using var third = await RawClient.ConnectAsync(server.Endpoint);
        Assert.Equal(0u, (await third.LoginAsync("bob", TestIdentities.Second, receiveQueued: true)).QueuedCount);
    }

    [Fact]
    public async Task A_send_to_a_name_nobody_registered_is_still_unknown_recipient_and_nothing_is_stored()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);

        var result = await alice.SendAndWaitAsync("nobody", new byte[] { 1 });

        Assert.Equal((ErrorCode.UnknownRecipient, false), (result.Code, result.Queued));
        var metrics = await MetricsScrape.ReadAsync(server.Host.HttpEndpoint!);
        Assert.True(metrics.Lists("parley_server_offline_bytes"), metrics.Text);
        Assert.Equal(0, metrics.Value("parley_server_offline_stored"));
        Assert.Equal(0, metrics.Value("parley_server_offline_bytes"));
    }

    internal static async Task RegisterAndLeaveAsync(TestServer server, string name, Parley.Crypto.Identity identity)
    {
        await using var client = await RawClient.LoginAsync(server.Endpoint, name, identity);
        await client.SayGoodbyeAsync();
        await client.ExpectClosedAsync();
    }

    internal static async Task<List<Delivery>> ReceiveDeliveriesAsync(RawClient client, int count)
    {
        var deliveries = new List<Delivery>();
        while (deliveries.Count < count)
        {
            deliveries.Add((await client.ReceiveUntilAsync(f => f.BodyCase == ServerFrame.BodyOneofCase.Delivery)).Delivery);
        }

        return deliveries;
    }
}
